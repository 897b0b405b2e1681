using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Parley.Maintenance;
using Parley.Maintenance.Scheduling;
using Parley.Platform.Scheduling;
using Parley.Tests.Infrastructure;
using Quartz;

namespace Parley.Tests.Maintenance;

/// <summary>
/// The scheduled sweep through Quartz with its store in Parley's database. These are the tests that
/// wait on real time (Quartz keeps the wall clock): intervals of a second, outcomes polled for.
/// </summary>
public sealed class MaintenanceScheduleTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    // The clock Quartz schedules by (not the app's TestClock).
    private static readonly TimeProvider WallClock = TimeProvider.System;

    [ProviderFact]
    public async Task Quartz_starts_on_the_migrated_database_and_stores_the_sweep_schedule(string db)
    {
        await using var app = await StartAsync(db, new SweepRuns(), Hour);
        var scheduler = await SchedulerAsync(app);

        await SweepRuns.WaitUntilAsync(() => scheduler.Status == SchedulerStatus.Running, "the scheduler running");
        var trigger = (ISimpleTrigger)(await scheduler.GetTrigger(MaintenanceSchedule.TriggerKey))!;
        trigger.RepeatInterval.ShouldBe(Hour);
        trigger.NextFireTimeUtc!.Value.ShouldBeInRange(WallClock.GetUtcNow().AddMinutes(59), WallClock.GetUtcNow().AddMinutes(61));
        var job = (await scheduler.GetJobDetail(MaintenanceSchedule.JobKey))!;
        (job.ConcurrentExecutionDisallowed, job.RequestsRecovery).ShouldBe((true, true));

        // The rows Quartz keeps in Parley's own database.
        (await ScalarAsync(app, "SELECT COUNT(*) FROM qrtz_job_details WHERE sched_name = 'Parley' AND job_name = 'sweep'")).ShouldBe(1);
        (await ScalarAsync(app, "SELECT repeat_interval FROM qrtz_simple_triggers WHERE trigger_name = 'sweep-every-interval'")).ShouldBe((long)Hour.TotalMilliseconds);
        if (db == Db.Postgres)
        {
            // Clustered: the node checked in under a generated id of its own.
            scheduler.SchedulerInstanceId.ShouldNotBe("NON_CLUSTERED");
            (await ScalarAsync(app, $"SELECT COUNT(*) FROM qrtz_scheduler_state WHERE instance_name = '{scheduler.SchedulerInstanceId}'")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Without_Maintenance_Enabled_the_node_runs_no_scheduler()
    {
        await using var app = await ParleyApp.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Parley:Maintenance:Enabled"] = "false" });

        app.Services.GetKeyedService<IScheduler>(JobScheduler.Name).ShouldBeNull();
        (await ScalarAsync(app, "SELECT COUNT(*) FROM qrtz_triggers")).ShouldBe(0);
    }

    [ProviderFact]
    public async Task The_sweep_runs_every_interval_one_run_at_a_time(string db)
    {
        var runs = new SweepRuns { Work = (_, cancellationToken) => Task.Delay(200, cancellationToken) };
        await using var app = await StartAsync(db, runs, Second);

        await runs.WaitForFinishedAsync(3);

        var fireTimes = runs.Finished.Select(r => r.ScheduledAt).ToList();
        fireTimes.ShouldBeInOrder(SortDirection.Ascending);
        fireTimes.Zip(fireTimes.Skip(1), (a, b) => b - a).ShouldAllBe(gap => gap >= Second);
        runs.MostAtOnce.ShouldBe(1);
        runs.Finished.ShouldAllBe(r => !r.Recovering && !r.Cancelled);
    }

    [PostgresFact]
    public async Task Two_nodes_run_each_firing_once_and_never_two_at_a_time(string db)
    {
        // Each run takes half the interval, so two nodes running the same firing would overlap.
        var runs = new SweepRuns { Work = (_, cancellationToken) => Task.Delay(500, cancellationToken) };
        await using var first = await StartAsync(db, runs, Second);
        await using var second = first.StartAnotherNode();
        var nodes = new[] { (await SchedulerAsync(first)).SchedulerInstanceId, (await SchedulerAsync(second)).SchedulerInstanceId };
        nodes.Distinct().Count().ShouldBe(2);

        await runs.WaitForFinishedAsync(6);

        runs.Finished.GroupBy(r => r.ScheduledAt).ShouldAllBe(firing => firing.Count() == 1);
        runs.MostAtOnce.ShouldBe(1);
        runs.Finished.ShouldAllBe(r => nodes.Contains(r.Node));
        (await ScalarAsync(first, "SELECT COUNT(*) FROM qrtz_scheduler_state")).ShouldBe(2);
    }

    [PostgresFact]
    public async Task Nodes_starting_at_the_same_moment_all_start_and_store_one_schedule(string db)
    {
        await using var first = await StartAsync(db, new SweepRuns(), Hour, enabled: false);
        var enabled = new Dictionary<string, string?> { ["Parley:Maintenance:Enabled"] = "true" };

        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => first.StartAnotherNode(enabled))));
        try
        {
            (await ScalarAsync(first, "SELECT COUNT(*) FROM qrtz_job_details")).ShouldBe(1);
            (await ScalarAsync(first, "SELECT COUNT(*) FROM qrtz_triggers")).ShouldBe(1);
            (await TriggerAsync(nodes[0])).RepeatInterval.ShouldBe(Hour);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_a_sweep_registered_the_server_starts_and_the_schedule_fires_harmlessly()
    {
        await using var app = await ParleyApp.StartAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Parley:Maintenance:Enabled"] = "true",
            ["Parley:Maintenance:Interval"] = "00:00:01",
        });
        var scheduler = await SchedulerAsync(app);

        // Two firings: the first found nothing to run, and the schedule went on regardless.
        await SweepRuns.WaitUntilAsync(async () => (await TriggerAsync(app)).PreviousFireTimeUtc is { } fired && fired > (await TriggerAsync(app)).StartTimeUtc, "a second firing");
        (await scheduler.GetTriggerState(MaintenanceSchedule.TriggerKey)).ShouldNotBe(TriggerState.Error);
    }

    [ProviderFact]
    public async Task A_restart_keeps_the_stored_schedule_as_it_was(string db)
    {
        await using var first = await StartAsync(db, new SweepRuns(), Hour);
        var before = await TriggerAsync(first);

        await using var restarted = await first.RestartAsync();

        var after = await TriggerAsync(restarted);
        // Not re-created: the next run is neither brought forward nor pushed back by a deploy.
        (after.StartTimeUtc, after.NextFireTimeUtc, after.RepeatInterval).ShouldBe((before.StartTimeUtc, before.NextFireTimeUtc, Hour));
        (await ScalarAsync(restarted, "SELECT COUNT(*) FROM qrtz_triggers")).ShouldBe(1);
    }

    [ProviderFact]
    public async Task A_changed_interval_replaces_the_trigger(string db)
    {
        await using var first = await StartAsync(db, new SweepRuns(), Hour);

        await using var restarted = await first.RestartAsync(new Dictionary<string, string?> { ["Parley:Maintenance:Interval"] = "02:00:00" });

        var trigger = await TriggerAsync(restarted);
        trigger.RepeatInterval.ShouldBe(TimeSpan.FromHours(2));
        trigger.NextFireTimeUtc!.Value.ShouldBeInRange(WallClock.GetUtcNow().AddMinutes(119), WallClock.GetUtcNow().AddMinutes(121));
        (await ScalarAsync(restarted, "SELECT COUNT(*) FROM qrtz_triggers")).ShouldBe(1);
        (await ScalarAsync(restarted, "SELECT repeat_interval FROM qrtz_simple_triggers")).ShouldBe((long)TimeSpan.FromHours(2).TotalMilliseconds);
    }

    [ProviderFact]
    public async Task After_a_downtime_the_sweep_runs_once_now_not_once_per_missed_interval(string db)
    {
        var runs = new SweepRuns();
        var interval = TimeSpan.FromMinutes(10);
        await using var first = await StartAsync(db, runs, interval);
        var due = (await TriggerAsync(first)).NextFireTimeUtc!.Value;

        // Down for an hour: six firings missed.
        await using var restarted = await first.RestartAsync(whileStopped: () => MoveNextFireTimeAsync(first, due, due - Hour - interval));

        await runs.WaitForFinishedAsync(1);
        // The schedule starts again from that run: nothing else is due for a whole interval.
        (await TriggerAsync(restarted)).NextFireTimeUtc!.Value.ShouldBeGreaterThan(WallClock.GetUtcNow() + interval - TimeSpan.FromMinutes(1));
        runs.Finished.Count.ShouldBe(1);
    }

    [ProviderFact]
    public async Task A_run_interrupted_by_shutdown_is_run_again_when_the_node_is_back(string db)
    {
        // The first run works until it is told to stop; later ones finish at once.
        var runs = new SweepRuns { Work = (number, cancellationToken) => number == 1 ? Task.Delay(Timeout.Infinite, cancellationToken) : Task.CompletedTask };
        await using var first = await StartAsync(db, runs, Second);
        await SweepRuns.WaitUntilAsync(() => runs.Started == 1, "the first run to start");

        // A graceful stop does not wait for the whole run: the sweep is cancelled at its next batch.
        await using var restarted = await first.RestartAsync();
        // (The restarted node may already have run again by now: the interrupted run is the first to finish.)
        var interrupted = runs.Finished.First();
        (interrupted.Cancelled, interrupted.Recovering).ShouldBe((true, false));

        // Handed back, not recorded as done: the restarted node runs it again as a recovery, to the end.
        await SweepRuns.WaitUntilAsync(() => runs.Finished.Any(r => r.Recovering), "the interrupted firing to run again");
        runs.Finished.First(r => r.Recovering).Cancelled.ShouldBeFalse();

    }

    private static Task<ParleyApp> StartAsync(string db, SweepRuns runs, TimeSpan interval, bool enabled = true) =>
        ParleyApp.StartAsync(db, new Dictionary<string, string?>
        {
            ["Parley:Maintenance:Enabled"] = enabled ? "true" : "false",
            ["Parley:Maintenance:Interval"] = interval.ToString("c", CultureInfo.InvariantCulture),
        }, services: services =>
        {
            services.AddSingleton(runs);
            services.AddScoped<IMaintenanceSweep, RecordingSweep>();
        });

    private static Task<IScheduler> SchedulerAsync(ParleyApp app) =>
        Task.FromResult(app.Services.GetRequiredKeyedService<IScheduler>(JobScheduler.Name));

    private static async Task<ISimpleTrigger> TriggerAsync(ParleyApp app) =>
        (ISimpleTrigger)(await (await SchedulerAsync(app)).GetTrigger(MaintenanceSchedule.TriggerKey))!;

    private static async Task<long> ScalarAsync(ParleyApp app, string sql)
    {
        await using var connection = app.OpenConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    // Quartz.NET stores fire times as UTC ticks.
    private static async Task MoveNextFireTimeAsync(ParleyApp app, DateTimeOffset from, DateTimeOffset to)
    {
        var moved = await ScalarAsync(app, $"""
            UPDATE qrtz_triggers SET next_fire_time = {to.UtcTicks}
            WHERE trigger_name = 'sweep-every-interval' AND next_fire_time = {from.UtcTicks}
            RETURNING 1
            """);
        moved.ShouldBe(1);
    }
}
