using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Organizations;
using Parley.Platform.Tenancy;
using Parley.Teams;

namespace Parley.Channels;

public enum ChannelType
{
    Api,
    Sms,
    WhatsApp,
}

/// <summary>Where conversations arrive: an API channel for bots and integrations (SMS and WhatsApp later).</summary>
public sealed class Channel : ITenantOwned
{
    private Channel() { }

    public Channel(Guid id, ChannelType type, string name, Guid? teamId, DateTime createdAt)
    {
        Id = id;
        Type = type;
        Name = name;
        TeamId = teamId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public ChannelType Type { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The team whose inbox receives this channel's new conversations; its agents see them while unassigned.</summary>
    public Guid? TeamId { get; private set; }
    public bool IsActive { get; private set; } = true;
    public DateTime CreatedAt { get; private set; }
    /// <summary>The business's number on SMS and WhatsApp channels (E.164).</summary>
    public string? PhoneNumber { get; private set; }
    /// <summary>ChannelSettings, encrypted by <see cref="ChannelSecrets"/>; never leaves the server as stored.</summary>
    public string? ProtectedSettings { get; private set; }

    /// <summary>BusinessHours as JSON; null means always open.</summary>
    public string? BusinessHours { get; private set; }

    public void SetBusinessHours(string? json) => BusinessHours = json;

    public void Configure(string? phoneNumber, string? protectedSettings)
    {
        PhoneNumber = phoneNumber;
        ProtectedSettings = protectedSettings;
    }

    public void Rename(string name) => Name = name;
    public void RouteTo(Guid? teamId) => TeamId = teamId;
    public void SetActive(bool active) => IsActive = active;
}

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.HasIndex(c => new { c.OrganizationId, c.Name }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => c.TeamId);
        builder.Property(c => c.PhoneNumber).HasMaxLength(16);
        builder.Property(c => c.ProtectedSettings).HasMaxLength(8000);
        builder.Property(c => c.BusinessHours).HasMaxLength(4000);
    }
}
