using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Channels;
using Parley.Identity;
using Parley.Organizations;
using Parley.Platform.Tenancy;

namespace Parley.Maintenance;

/// <summary>Maintenance settings as stored (JSON of <see cref="RetentionSettings"/>), and who set them last.</summary>
public abstract class RetentionSettingsRow
{
    public string Settings { get; private set; } = "{}";
    public DateTime UpdatedAt { get; private set; }
    public Guid? UpdatedByUserId { get; private set; }

    public void Change(RetentionSettings settings, Guid by, DateTime at)
    {
        Settings = settings.Serialize();
        UpdatedByUserId = by;
        UpdatedAt = at;
    }
}

/// <summary>An organisation's Maintenance settings (complete; no row means every rule is never).</summary>
public sealed class MaintenancePolicy : RetentionSettingsRow, ITenantOwned
{
    private MaintenancePolicy() { }

    public MaintenancePolicy(Guid organizationId) => OrganizationId = organizationId;

    public Guid OrganizationId { get; private set; }
}

/// <summary>A channel's overrides of its organisation's Maintenance settings (only the rules present).</summary>
public sealed class ChannelMaintenanceOverride : RetentionSettingsRow, ITenantOwned
{
    private ChannelMaintenanceOverride() { }

    public ChannelMaintenanceOverride(Guid channelId) => ChannelId = channelId;

    public Guid ChannelId { get; private set; }
    public Guid OrganizationId { get; private set; }
}

/// <summary>Who changed the settings (the organisation's, or a channel's overrides), when, and from what to what.</summary>
public sealed class MaintenancePolicyChange : ITenantOwned
{
    private MaintenancePolicyChange() { }

    public MaintenancePolicyChange(Guid id, Guid? channelId, Guid changedByUserId, string? oldSettings, string newSettings, DateTime at)
    {
        Id = id;
        ChannelId = channelId;
        ChangedByUserId = changedByUserId;
        OldSettings = oldSettings;
        NewSettings = newSettings;
        ChangedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid? ChannelId { get; private set; }
    public Guid? ChangedByUserId { get; private set; }
    public string? OldSettings { get; private set; }
    public string NewSettings { get; private set; } = "{}";
    public DateTime ChangedAt { get; private set; }
}

public enum SweepTrigger
{
    Schedule,
    Manual,
}

public enum MaintenanceRunStatus
{
    Running,
    Completed,
    Failed,
}

/// <summary>One sweep of one organisation: when, what it moved per rule, what it purged, what went wrong.</summary>
public sealed class MaintenanceRun : ITenantOwned
{
    private MaintenanceRun() { }

    public MaintenanceRun(Guid id, SweepTrigger trigger, Guid? requestedByUserId, bool dryRun, DateTime startedAt)
    {
        Id = id;
        Trigger = trigger;
        RequestedByUserId = requestedByUserId;
        DryRun = dryRun;
        StartedAt = startedAt;
        Status = MaintenanceRunStatus.Running;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public SweepTrigger Trigger { get; private set; }
    public Guid? RequestedByUserId { get; private set; }
    public bool DryRun { get; private set; }
    public DateTime StartedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    public MaintenanceRunStatus Status { get; private set; }
    /// <summary>JSON: per rule ("archive.open" … "purge") the conversations moved (or that would move) and, for a dry run, sample ids.</summary>
    public string? Report { get; private set; }
    /// <summary>JSON: rows removed per table, and files.</summary>
    public string? Purged { get; private set; }
    public string? Error { get; private set; }

    public void Finish(string report, string purged, string? error, DateTime at)
    {
        Report = report;
        Purged = purged;
        Error = error is { Length: > 2000 } ? error[..2000] : error;
        Status = error is null ? MaintenanceRunStatus.Completed : MaintenanceRunStatus.Failed;
        FinishedAt = at;
    }
}

internal sealed class MaintenanceConfiguration :
    IEntityTypeConfiguration<MaintenancePolicy>, IEntityTypeConfiguration<ChannelMaintenanceOverride>, IEntityTypeConfiguration<MaintenancePolicyChange>,
    IEntityTypeConfiguration<MaintenanceRun>
{
    public void Configure(EntityTypeBuilder<MaintenancePolicy> builder)
    {
        builder.HasKey(p => p.OrganizationId);
        builder.Property(p => p.Settings).HasMaxLength(2000);
        builder.HasOne<Organization>().WithOne().HasForeignKey<MaintenancePolicy>(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UpdatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<ChannelMaintenanceOverride> builder)
    {
        builder.HasKey(c => c.ChannelId);
        builder.Property(c => c.Settings).HasMaxLength(2000);
        builder.HasOne<Channel>().WithOne().HasForeignKey<ChannelMaintenanceOverride>(c => c.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UpdatedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => c.OrganizationId);
    }

    public void Configure(EntityTypeBuilder<MaintenancePolicyChange> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.OldSettings).HasMaxLength(2000);
        builder.Property(c => c.NewSettings).HasMaxLength(2000);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.ChangedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Channel>().WithMany().HasForeignKey(c => c.ChannelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.OrganizationId, c.ChangedAt, c.Id });
    }

    public void Configure(EntityTypeBuilder<MaintenanceRun> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Report).HasMaxLength(20_000);
        builder.Property(r => r.Purged).HasMaxLength(2000);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.RequestedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(r => new { r.OrganizationId, r.StartedAt, r.Id });
    }
}
