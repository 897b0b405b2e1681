using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Platform.Tenancy;

namespace Parley.Audit;

/// <summary>What an admin or agent did outside conversations (the seed's "Bots admins data").</summary>
public enum ActivityAction
{
    SignedIn,
    UserCreated,
    UserUpdated,
    UserDeleted,
    TeamCreated,
    TeamRenamed,
    TeamDeleted,
    TeamMembershipChanged,
    ChannelCreated,
    ChannelUpdated,
    PolicyChanged,
    TokenCreated,
    TokenRevoked,
    ErasureRequested,
    ContactErased,
    MessageErased,
    AttachmentErased,
}

/// <summary>
/// One activity record: who (a user id), what, on which thing (its id only: never a name, email or
/// phone, so the record holds no personal data of the people acted on), from which IP, when.
/// Written in the same transaction as the change it records.
/// </summary>
public sealed class ActivityRecord : ITenantOwned
{
    private ActivityRecord() { }

    public ActivityRecord(Guid id, Guid? userId, ActivityAction action, Guid? subjectId, string? ip, DateTime at)
    {
        Id = id;
        UserId = userId;
        Action = action;
        SubjectId = subjectId;
        Ip = ip;
        CreatedAt = at;
    }

    public const int MaxIpLength = 45;

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>No foreign key: the record outlives a deleted user, whose id it keeps.</summary>
    public Guid? UserId { get; private set; }
    public ActivityAction Action { get; private set; }
    public Guid? SubjectId { get; private set; }
    public string? Ip { get; private set; }
    public DateTime CreatedAt { get; private set; }
}

internal sealed class ActivityRecordConfiguration : IEntityTypeConfiguration<ActivityRecord>
{
    public void Configure(EntityTypeBuilder<ActivityRecord> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Action).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.Ip).HasMaxLength(ActivityRecord.MaxIpLength);
        builder.HasIndex(r => new { r.OrganizationId, r.CreatedAt, r.Id });
    }
}
