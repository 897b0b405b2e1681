namespace Parley.Maintenance;

/// <summary>
/// The retention sweep (SPEC §3): moves inactive conversations to Archived and Deleted by each
/// organisation's policy and its channels' overrides, and purges what has been Deleted longer than
/// the buffer. Safe to run on several nodes at once: every change re-checks its condition.
/// </summary>
public interface IMaintenanceSweep
{
    /// <summary>One scheduled pass over every organisation (the Quartz job calls this).</summary>
    Task RunScheduledAsync(CancellationToken cancellationToken);
}
