using Parley.Platform.Persistence;
using Quartz;

namespace Parley.Platform.Scheduling;

/// <summary>
/// Quartz.NET with its job store in Parley's own database, for work that must run once per
/// cluster rather than once per node (<see cref="PeriodicService"/> is for per-node passes).
/// On PostgreSQL the nodes form a Quartz cluster: each firing is claimed under a row lock in
/// qrtz_locks, so it runs on exactly one node, and a node that stops checking in has its running
/// jobs recovered by another. SQLite is one node, so it is not clustered.
/// </summary>
public static class JobScheduler
{
    /// <summary>
    /// The scheduler's name: the sched_name of every qrtz_* row, the same on every node. Also its
    /// key in the container (<c>[FromKeyedServices(JobScheduler.Name)] IScheduler</c>): a named
    /// scheduler keeps its parts, its clock included, apart from the app's own registrations.
    /// </summary>
    public const string Name = "Parley";

    // A node checks in every 10 s; one silent for 30 s more is taken for dead and its running jobs
    // are recovered elsewhere. That covers a long GC pause or a database failover without writing a
    // live node off, and costs one small UPDATE per node every 10 s.
    private static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(30);

    /// <summary>Adds the scheduler and the hosted service that runs it; a second call adds nothing.</summary>
    public static IHostApplicationBuilder AddJobScheduler(this IHostApplicationBuilder builder)
    {
        if (!builder.Properties.TryAdd(typeof(JobScheduler), true))
            return builder;

        // The same database and connection string as everything else (AddPersistence registered them).
        var database = builder.Services
            .LastOrDefault(d => d.ServiceType == typeof(DatabaseSettings) && !d.IsKeyedService)?.ImplementationInstance as DatabaseSettings
            ?? throw new InvalidOperationException("AddJobScheduler needs AddPersistence first: the job store lives in Parley's database.");
        builder.AddQuartz(Name, quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                // On shutdown a running job's cancellation token is signalled and then waited for:
                // jobs stop at their next safe point (the sweep commits per batch) instead of
                // holding the shutdown for a whole run.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            // Firings, check-ins and misfires are decided by comparing times that different nodes
            // wrote, so the scheduler keeps wall-clock time even where a test drives the app's
            // TimeProvider by hand.
            quartz.UseTimeProvider(TimeProvider.System);
            quartz.UsePersistentStore(store =>
            {
                // The schema is migration 0013's; Quartz only checks it (its default, Validate).
                store.ConfigureStore(options =>
                {
                    // A job interrupted by shutdown that asked for recovery is handed to another
                    // node (or this one when it is back) to run again, not recorded as done.
                    options.RecoverFiringsCancelledByShutdown = true;
                });
                switch (database.Provider)
                {
                    case DatabaseProvider.Postgres:
                        store.UsePostgres(database.ConnectionString);
                        store.UseClustering(cluster =>
                        {
                            cluster.CheckinInterval = CheckinInterval;
                            cluster.CheckinMisfireThreshold = CheckinMisfireThreshold;
                        });
                        break;
                    case DatabaseProvider.Sqlite:
                        store.UseSqlite(database.ConnectionString);
                        break;
                }
            });
            if (database.Provider == DatabaseProvider.Postgres)
            {
                // instanceId = AUTO: every node needs its own id in qrtz_scheduler_state.
                quartz.ConfigureScheduler(scheduler => scheduler.GenerateInstanceId = true);
            }
        });
        builder.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return builder;
    }
}
