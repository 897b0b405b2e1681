namespace Parley.Platform.Scheduling;

/// <summary>
/// Runs one pass of work every period on every node, for work whose passes are safe to run on
/// several nodes at once (each item is claimed by a conditional update). A failed pass is logged
/// and the next one retries; the loop never dies of it.
/// </summary>
public abstract partial class PeriodicService(TimeSpan period, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, GetType().Name, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass of {Service} failed; the next pass retries")]
    private static partial void LogFailed(ILogger logger, string service, Exception exception);
}
