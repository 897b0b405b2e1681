using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Identity;
using Parley.Organizations;
using Parley.Platform.Tenancy;

namespace Parley.Teams;

/// <summary>A team inbox: a named set of users that conversations can be routed to.</summary>
public sealed class Team : ITenantOwned
{
    private readonly List<TeamMember> _members = [];

    private Team() { }

    public Team(Guid id, string name, DateTime createdAt)
    {
        Id = id;
        Name = name;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Name { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public IReadOnlyCollection<TeamMember> Members => _members;

    public void Rename(string name) => Name = name;

    /// <returns>false when the user already was a member.</returns>
    public bool AddMember(Guid userId, DateTime now)
    {
        if (_members.Any(m => m.UserId == userId))
            return false;
        _members.Add(new TeamMember(Id, userId, now));
        return true;
    }

    public bool RemoveMember(Guid userId) => _members.RemoveAll(m => m.UserId == userId) > 0;
}

public sealed class TeamMember : ITenantOwned
{
    private TeamMember() { }

    internal TeamMember(Guid teamId, Guid userId, DateTime addedAt)
    {
        TeamId = teamId;
        UserId = userId;
        AddedAt = addedAt;
    }

    public Guid OrganizationId { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTime AddedAt { get; private set; }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Members).HasField("_members");
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.HasKey(m => new { m.TeamId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
