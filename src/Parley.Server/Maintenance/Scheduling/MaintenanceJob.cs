using Quartz;

namespace Parley.Maintenance.Scheduling;

/// <summary>
/// The Quartz job behind the scheduled sweep: a thin wrapper that resolves
/// <see cref="IMaintenanceSweep"/> from a scope of its own and runs it. Never two at once, on any
/// node: the cluster holds a second firing until the first has finished.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class MaintenanceJob(IServiceScopeFactory scopes, ILogger<MaintenanceJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Resolved per run rather than required: a server without a sweep registered still starts,
        // keeps the schedule, and simply has nothing to run.
        var sweep = scope.ServiceProvider.GetService<IMaintenanceSweep>();
        if (sweep is null)
        {
            LogNoSweep(logger);
            return;
        }

        var started = context.Scheduler.TimeProvider.GetTimestamp();
        try
        {
            await sweep.RunScheduledAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: rethrown so Quartz hands the firing back for another run (RequestRecovery).
            LogInterrupted(logger);
            throw;
        }
        catch (Exception e)
        {
            // Not rethrown: the schedule goes on and the next run picks up where this one stopped,
            // since the sweep commits batch by batch and re-checks every condition.
            LogFailed(logger, e);
            return;
        }
        LogFinished(logger, context.Scheduler.TimeProvider.GetElapsedTime(started), context.Recovering);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The maintenance sweep is scheduled but no IMaintenanceSweep is registered; nothing ran")]
    private static partial void LogNoSweep(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Maintenance sweep finished in {Elapsed} (recovering an interrupted run: {Recovering})")]
    private static partial void LogFinished(ILogger logger, TimeSpan elapsed, bool recovering);

    [LoggerMessage(Level = LogLevel.Information, Message = "Maintenance sweep interrupted by shutdown; it is handed back to run again")]
    private static partial void LogInterrupted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Maintenance sweep failed; the next scheduled run retries")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
