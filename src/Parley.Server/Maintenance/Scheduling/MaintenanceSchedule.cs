using Parley.Platform.Scheduling;
using Quartz;

namespace Parley.Maintenance.Scheduling;

/// <summary>
/// When the scheduled sweep runs; bound from <c>Parley:Maintenance:Enabled</c> (default true) and
/// <c>Parley:Maintenance:Interval</c> (a TimeSpan, default 00:15:00).
/// </summary>
public sealed record MaintenanceScheduleSettings(bool Enabled, TimeSpan Interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);

    public static MaintenanceScheduleSettings From(IConfiguration configuration)
    {
        var interval = configuration.GetValue("Parley:Maintenance:Interval", DefaultInterval);
        // Quartz keeps whole milliseconds; under a second would only be a misconfiguration.
        if (interval < TimeSpan.FromSeconds(1) || interval.Ticks % TimeSpan.TicksPerMillisecond != 0)
            throw new InvalidOperationException($"Parley:Maintenance:Interval must be at least 00:00:01 in whole milliseconds, not '{interval}'.");
        return new MaintenanceScheduleSettings(configuration.GetValue("Parley:Maintenance:Enabled", true), interval);
    }
}

public static class MaintenanceScheduleExtensions
{
    /// <summary>
    /// Runs <see cref="IMaintenanceSweep.RunScheduledAsync"/> every interval on one node of the
    /// cluster. With <c>Parley:Maintenance:Enabled=false</c> this node neither schedules nor runs it.
    /// </summary>
    public static IHostApplicationBuilder AddMaintenanceSchedule(this IHostApplicationBuilder builder)
    {
        var settings = MaintenanceScheduleSettings.From(builder.Configuration);
        if (!settings.Enabled)
            return builder;
        builder.AddJobScheduler();
        builder.Services.AddSingleton(settings);
        builder.Services.AddTransient<MaintenanceJob>();
        builder.Services.AddHostedService<MaintenanceSchedule>();
        return builder;
    }
}

/// <summary>
/// Puts the sweep's job and trigger in the job store when the node starts. Every node does this,
/// possibly at the same moment, so it is idempotent: an unchanged trigger is kept as it is (a
/// restart neither re-runs nor postpones the sweep), and a missing or changed one (interval or
/// misfire rules) is stored with replace semantics, which the store applies in one operation under
/// its lock, so nodes starting together never fail on "already exists" and one trigger remains.
/// </summary>
internal sealed partial class MaintenanceSchedule(
    [FromKeyedServices(JobScheduler.Name)] IScheduler scheduler, MaintenanceScheduleSettings settings, ILogger<MaintenanceSchedule> logger) : IHostedService
{
    public static readonly JobKey JobKey = new("sweep", "maintenance");
    public static readonly TriggerKey TriggerKey = new("sweep-every-interval", "maintenance");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var misfireThreshold = settings.Interval < MaxMisfireThreshold ? settings.Interval : MaxMisfireThreshold;
        var existing = await scheduler.GetTrigger(TriggerKey, cancellationToken);
        if (existing is ISimpleTrigger simple && simple.RepeatInterval == settings.Interval
            && simple.MisfireInstruction == Misfire && simple.MisfireThreshold == misfireThreshold
            && await scheduler.GetTriggerState(TriggerKey, cancellationToken) is not (TriggerState.Error or TriggerState.Complete))
        {
            LogKept(logger, settings.Interval, simple.NextFireTimeUtc);
            return;
        }

        var now = scheduler.TimeProvider.GetUtcNow();
        // A changed interval counts from the last run (so shortening it runs an overdue sweep now);
        // a first schedule waits one interval.
        var start = existing?.PreviousFireTimeUtc is { } previous
            ? (previous + settings.Interval > now ? previous + settings.Interval : now)
            : now + settings.Interval;

        var job = JobBuilder.Create<MaintenanceJob>()
            .WithIdentity(JobKey)
            .WithDescription("Retention sweep (SPEC §3)")
            // A node that dies mid-run: another node runs it again once the dead one misses its check-ins.
            .RequestRecovery(true)
            .Build();
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(TriggerKey)
            .ForJob(JobKey)
            .StartAt(start)
            .WithSimpleSchedule(schedule => schedule
                .WithInterval(settings.Interval)
                .RepeatForever()
                // After a downtime (or a run that outlasted several intervals) the sweep runs once,
                // now, and the schedule restarts from there. One run does all the missed ones
                // would have done, since it works from the current state; waiting for the next
                // slot instead (do-nothing) would leave due purges undone for up to an interval.
                .WithMisfireInstruction(Misfire))
            // A firing a minute late, or a whole interval if that is shorter, counts as missed and is
            // handled as above, so even a short interval never catches up by running back to back.
            .WithMisfireThreshold(misfireThreshold)
            .Build();

        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
        LogScheduled(logger, settings.Interval, start);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private const SimpleTriggerMisfireInstruction Misfire = SimpleTriggerMisfireInstruction.NowWithExistingCount;
    private static readonly TimeSpan MaxMisfireThreshold = TimeSpan.FromMinutes(1);

    [LoggerMessage(Level = LogLevel.Information, Message = "Maintenance sweep scheduled every {Interval}, first at {Start:O}")]
    private static partial void LogScheduled(ILogger logger, TimeSpan interval, DateTimeOffset start);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Maintenance sweep already scheduled every {Interval}; next at {Next:O}")]
    private static partial void LogKept(ILogger logger, TimeSpan interval, DateTimeOffset? next);
}
