using System.Diagnostics;
using Parley.Maintenance;
using Quartz;

namespace Parley.Tests.Maintenance;

/// <summary>
/// Stands in for the real sweep in the scheduling tests: records every run (which node, which
/// scheduled firing, whether Quartz was recovering it) and how many ran at once. One instance is
/// shared by every node of a test, so it sees the whole cluster.
/// </summary>
public sealed class SweepRuns
{
    public sealed record Run(string Node, DateTimeOffset ScheduledAt, bool Recovering, bool Cancelled);

    private readonly Lock _lock = new();
    private readonly List<Run> _runs = [];
    private int _running;

    /// <summary>What one run does; given the run's number (1, 2, …). Default: nothing.</summary>
    public Func<int, CancellationToken, Task> Work { get; init; } = (_, _) => Task.CompletedTask;

    public int MostAtOnce { get; private set; }

    /// <summary>Runs that have finished (including those that stopped on cancellation).</summary>
    public IReadOnlyList<Run> Finished
    {
        get
        {
            lock (_lock)
                return [.. _runs];
        }
    }

    public int Started { get; private set; }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds. The scheduler runs on the real clock, so this
    /// polls with a generous bound rather than sleeping for a guessed time.
    /// </summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, seconds);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
                throw new TimeoutException($"Not within {seconds} s: {what}");
            await Task.Delay(50);
        }
    }

    public Task WaitForFinishedAsync(int count, int seconds = 30) =>
        WaitUntilAsync(() => Finished.Count >= count, $"{count} finished sweep runs (have {Finished.Count})", seconds);

    internal async Task RecordAsync(IJobExecutionContext job, CancellationToken cancellationToken)
    {
        int number;
        lock (_lock)
        {
            number = ++Started;
            MostAtOnce = Math.Max(MostAtOnce, ++_running);
        }
        var cancelled = false;
        try
        {
            await Work(number, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
            throw;
        }
        finally
        {
            lock (_lock)
            {
                _running--;
                _runs.Add(new Run(job.Scheduler.SchedulerInstanceId, job.ScheduledFireTimeUtc ?? job.FireTimeUtc, job.Recovering, cancelled));
            }
        }
    }
}

/// <summary>The <see cref="IMaintenanceSweep"/> the scheduling tests register: it only records that it ran.</summary>
internal sealed class RecordingSweep(SweepRuns runs, IJobExecutionContextAccessor job) : IMaintenanceSweep
{
    public Task RunScheduledAsync(CancellationToken cancellationToken) =>
        runs.RecordAsync(job.Current ?? throw new InvalidOperationException("The sweep ran outside a Quartz job."), cancellationToken);
}
