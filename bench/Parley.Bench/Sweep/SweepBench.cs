using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Parley.Testing;

namespace Parley.Bench.Sweep;

/// <summary>
/// Issue #5's performance requirement: on PostgreSQL with 1,000,000 conversations and 10,000,000
/// messages, the time of a sweep that archives 500,000 and purges 200,000 (with their rows), run by
/// the real server, beside the same work as hand-written set-based SQL on a copy of the same
/// database; while the sweep runs, the inbox's latency and the longest any statement held locks.
/// </summary>
public static class SweepBench
{
    private const double TargetRatio = 1.5;
    private const double TargetLockSeconds = 1;
    private const double TargetInboxP95 = 100;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan BaselineDuration = TimeSpan.FromSeconds(30);
    // Statements this slow are written to the throwaway cluster's log during the sweep; those over
    // the target also with their plan (auto_explain), to see why.
    private const string LogSlowerThan = "100ms";

    public static async Task<int> RunAsync(SweepOptions options)
    {
        var clock = TimeProvider.System;
        var repository = Machine.RepositoryRoot();
        var fill = options.Fill();
        Console.WriteLine($"Parley sweep bench: {options.Conversations:N0} conversations, {options.MessagesPerConversation} messages each; " +
            $"the sweep archives {options.Archive:N0} and purges {options.Purge:N0}; inbox every {options.InboxInterval.TotalMilliseconds:F0} ms during it" +
            (options.ServerSettings.Count > 0 ? "; server " + string.Join(' ', options.ServerSettings) : ""));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine("building src/Parley.Server (Release) ...");
        var serverDll = await ReleaseServer.BuildAsync(repository);

        await using var cluster = options.Connection is null ? await BenchCluster.StartAsync(options.Keep) : null;
        var serverConnection = options.Connection ?? cluster!.ConnectionString;
        var sweptName = "parley_sweep_" + clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var referenceName = sweptName + "_reference";
        await using (var admin = await Sql.OpenAsync(serverConnection))
        {
            await using (var version = new NpgsqlCommand("SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers')", admin))
            await using (var reader = await version.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                Console.WriteLine($"postgres: {reader.GetString(0)}; fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, shared_buffers={reader.GetString(3)}");
            }
            await Sql.ExecuteAsync(admin, $"CREATE DATABASE {sweptName} TEMPLATE template0");
        }
        var swept = new NpgsqlConnectionStringBuilder(serverConnection) { Database = sweptName }.ConnectionString;
        var reference = new NpgsqlConnectionStringBuilder(serverConnection) { Database = referenceName }.ConnectionString;
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"parley-bench-data-{Environment.ProcessId}");
        Directory.CreateDirectory(dataDirectory);
        // The scheduled sweep stays off: only the timed run may move anything.
        string[] settings = ["Parley:Maintenance:Enabled=false", .. options.ServerSettings];
        var total = Stopwatch.StartNew();
        try
        {
            // 1. The history, the policy, and a dry run that says the sweep will move exactly what was planned.
            Guid organizationId;
            await using (var server = await ReleaseServer.StartAsync(serverDll, swept, dataDirectory, settings))
            {
                Console.WriteLine($"server: {server.Address}, database {sweptName}{(cluster is null ? "" : $" on a throwaway cluster in {cluster.Root}")}");
                var token = await Organisation.CreateAsync(server.Address, fill.Agents);
                Console.WriteLine($"organisation: set up over HTTP, {fill.Agents} agents, an API channel, an API token");
                Console.WriteLine("fill (binary COPY; secondary indexes and foreign keys dropped during COPY, rebuilt in the same transaction):");
                var watch = Stopwatch.StartNew();
                var data = await new Filler(swept, fill, clock, plan => new SweepStatuses(plan, options.Archive, options.Purge).Of).FillAsync(referenceCopy: false);
                organizationId = data.OrganizationId;
                await FillEventsAsync(swept);
                Console.WriteLine($"  fill done in {watch.Elapsed.TotalSeconds:F0} s ({data.Messages:N0} messages)");

                using var http = Organisation.Client(server.Address, token);
                await SetPolicyAsync(http);
                using var dryRun = JsonDocument.Parse(await PostRunAsync(server.Address, token, dryRun: true));
                var (wouldArchive, wouldPurge) = (Count(dryRun, "archive.open"), Count(dryRun, "purge"));
                Console.WriteLine($"policy: archive Open after 30 days, delete buffer 30 days, every other rule never (PUT /api/v1/maintenance/policy); " +
                    $"dry run: would archive {wouldArchive:N0}, purge {wouldPurge:N0}");
                if (wouldArchive != options.Archive || wouldPurge != options.Purge)
                    throw new InvalidOperationException($"The dry run would archive {wouldArchive:N0} and purge {wouldPurge:N0}, not {options.Archive:N0} and {options.Purge:N0}.");
            }
            var channelId = await ScalarAsync<Guid>(swept, "SELECT channel_id FROM conversations LIMIT 1");
            var before = await EndState.ReadAsync(swept, digest: false);

            // 2. The copy the reference will sweep: the same files, taken with the server stopped.
            await using (var admin = await Sql.OpenAsync(serverConnection))
            {
                var watch = Stopwatch.StartNew();
                await Sql.ExecuteAsync(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{sweptName}'");
                await Sql.ExecuteAsync(admin, $"CREATE DATABASE {referenceName} TEMPLATE {sweptName} STRATEGY FILE_COPY");
                Console.WriteLine($"copy: {referenceName} made from it (CREATE DATABASE … TEMPLATE, FILE_COPY) in {watch.Elapsed.TotalSeconds:F0} s; " +
                    $"size {await ScalarAsync<string>(swept, "SELECT pg_size_pretty(pg_database_size(current_database()))")}");
                if (cluster is not null)
                {
                    await Sql.ExecuteAsync(admin, $"ALTER DATABASE {sweptName} SET log_min_duration_statement = '{LogSlowerThan}'");
                    await Sql.ExecuteAsync(admin, $"ALTER DATABASE {sweptName} SET auto_explain.log_min_duration = '{TargetLockSeconds}s'");
                }
            }

            // 3. Parley's sweep, through the server, with the inbox and the locks watched.
            SweepFigures parley;
            await using (var server = await ReleaseServer.StartAsync(serverDll, swept, dataDirectory, settings))
            {
                var token = await Organisation.SignInAgainAsync(server.Address);
                using var http = Organisation.Client(server.Address, token);
                await new InboxProbe(http, TimeSpan.Zero).RunAsync(CancellationToken.None, count: 200);
                using (var baselineWindow = new CancellationTokenSource(BaselineDuration))
                {
                    var baseline = await new InboxProbe(http, options.InboxInterval).RunAsync(baselineWindow.Token);
                    Console.WriteLine($"inbox before the sweep ({BaselineDuration.TotalSeconds:F0} s, after 200 untimed): {baseline.Describe()}");
                }
                parley = await SweepAsync(server, token, http, swept, cluster, options, clock);
            }

            // 4. The reference, on the copy, with the server stopped.
            var payload = await ScalarAsync<string>(swept,
                $"SELECT payload FROM conversation_events WHERE type = 'StatusChangedByMaintenance' AND created_at >= '{parley.StartedAt:O}' LIMIT 1");
            await using (var connection = await Sql.OpenAsync(reference))
                await Sql.ExecuteAsync(connection, "CHECKPOINT");
            Console.WriteLine($"reference: hand-written SQL on {referenceName} (two procedures, batches of {ReferenceSweep.TransitionBatch:N0} and {ReferenceSweep.PurgeBatch:N0}, " +
                $"a COMMIT per batch; server stopped); load average before {Machine.LoadAverage()}");
            var cpuBefore = Machine.SampleCpu(null, cluster?.PostmasterPid);
            var walBefore = await ScalarAsync<string>(reference, "SELECT pg_current_wal_lsn()::text");
            var physical = await ReferenceSweep.RunAsync(reference, organizationId, channelId, clock.GetUtcNow().UtcDateTime, payload);
            var cpu = Machine.SampleCpu(null, cluster?.PostmasterPid) - cpuBefore;
            var wal = await ScalarAsync<decimal>(reference, $"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '{walBefore}')");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  archive {physical.Archived:N0} in {physical.ArchiveBatches} batches: {physical.Archive.TotalSeconds:F1} s; " +
                $"purge {physical.Purged:N0} in {physical.PurgeBatches} batches: {physical.Purge.TotalSeconds:F1} s; total {physical.Total.TotalSeconds:F1} s; WAL {wal / (1 << 20):N0} MB"));
            Console.WriteLine($"  load average after {Machine.LoadAverage()}");
            Console.WriteLine($"  cpu: {cpu.Describe(physical.Total.TotalSeconds)}");

            // 5. Both end states side by side.
            Console.WriteLine("end state (before → Parley's sweep | reference):");
            var afterParley = await EndState.ReadAsync(swept, digest: true);
            var afterReference = await EndState.ReadAsync(reference, digest: true);
            var same = true;
            foreach (var key in before.Keys.Union(afterParley.Keys).Union(afterReference.Keys).Order(StringComparer.Ordinal))
            {
                var p = afterParley.GetValueOrDefault(key, "0");
                var r = afterReference.GetValueOrDefault(key, "0");
                same &= p == r;
                Console.WriteLine($"  {(p == r ? "  " : "≠ ")}{before.GetValueOrDefault(key, "0"),12} → {p,12} | {r,-12}  {key}");
            }
            var expected = parley.Archived == options.Archive && parley.Purged == options.Purge && physical.Archived == options.Archive && physical.Purged == options.Purge;

            var ratio = parley.Elapsed.TotalSeconds / physical.Total.TotalSeconds;
            var locking = parley.LongestLockingTransaction ?? 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                summary: Parley {parley.Elapsed.TotalSeconds:F1} s, reference {physical.Total.TotalSeconds:F1} s: {ratio:F2}× (target <= {TargetRatio}: {Verdict(ratio <= TargetRatio)});
                         longest locking statement {parley.LongestLockingStatement ?? 0:F2} s, longest transaction holding row locks {locking:F2} s (target <= {TargetLockSeconds} s: {Verdict(locking <= TargetLockSeconds)});
                         inbox p95 during the sweep {parley.Inbox.P95:F1} ms (target <= {TargetInboxP95}: {Verdict(parley.Inbox.P95 <= TargetInboxP95 && parley.Inbox.Failed == 0)});
                         moved {(expected ? "exactly as planned" : "NOT AS PLANNED")}; end states {(same ? "identical" : "DIFFERENT")}; whole run {total.Elapsed.TotalMinutes:F1} min
                """));
            return same && expected && parley.Completed ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
            if (options.Keep)
            {
                Console.WriteLine($"databases kept: {swept} and {referenceName}");
            }
            else if (cluster is null)
            {
                await using var admin = await Sql.OpenAsync(serverConnection);
                foreach (var name in (string[])[sweptName, referenceName])
                    await Sql.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }
        }
    }

    private sealed record SweepFigures(
        DateTime StartedAt, TimeSpan Elapsed, bool Completed, long Archived, long Purged, InboxProbe.Result Inbox,
        double? LongestLockingStatement, double? LongestLockingTransaction);

    private static async Task<SweepFigures> SweepAsync(ServerProcess server, string token, HttpClient http, string database, ThrowawayCluster? cluster, SweepOptions options,
        TimeProvider clock)
    {
        await using (var connection = await Sql.OpenAsync(database))
            await Sql.ExecuteAsync(connection, "CHECKPOINT");
        var logFrom = cluster is null ? 0 : new FileInfo(cluster.LogFile).Length;
        Console.WriteLine($"sweep: POST /api/v1/maintenance/runs?dryRun=false; load average before {Machine.LoadAverage()}");
        var cpuBefore = Machine.SampleCpu(server.Pid, cluster?.PostmasterPid);
        var walBefore = await ScalarAsync<string>(database, "SELECT pg_current_wal_lsn()::text");

        using var stop = new CancellationTokenSource();
        var sampler = new LockSampler();
        var sampling = sampler.RunAsync(database, SampleInterval, stop.Token);
        var inbox = new InboxProbe(http, options.InboxInterval).RunAsync(stop.Token);
        var startedAt = clock.GetUtcNow().UtcDateTime;
        var watch = Stopwatch.StartNew();
        string body;
        try
        {
            body = await PostRunAsync(server.Address, token, dryRun: false);
        }
        finally
        {
            watch.Stop();
            await stop.CancelAsync();
        }
        await sampling;
        var during = await inbox;
        var cpu = Machine.SampleCpu(server.Pid, cluster?.PostmasterPid) - cpuBefore;
        var wal = await ScalarAsync<decimal>(database, $"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '{walBefore}')");

        using var run = JsonDocument.Parse(body);
        var status = run.RootElement.GetProperty("status").GetString();
        var archived = Count(run, "archive.open");
        var purged = Count(run, "purge");
        var archivePhase = sampler.FirstDelete;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {status}: archived {archived:N0}, purged {purged:N0} in {watch.Elapsed.TotalSeconds:F1} s " +
            $"(archive ≈ {archivePhase?.TotalSeconds:F1} s, purge ≈ {(watch.Elapsed - archivePhase)?.TotalSeconds:F1} s, split where the first DELETE was seen); WAL {wal / (1 << 20):N0} MB"));
        Console.WriteLine($"  rows purged: {run.RootElement.GetProperty("purged").GetRawText()}");
        if (run.RootElement.GetProperty("error").GetString() is { } error)
            Console.WriteLine($"  error: {error}");
        Console.WriteLine($"  load average after {Machine.LoadAverage()}");
        Console.WriteLine($"  cpu: {cpu.Describe(watch.Elapsed.TotalSeconds)}");
        Console.WriteLine($"  inbox during the sweep: {during.Describe()}");

        Console.WriteLine($"  pg_stat_activity every {SampleInterval.TotalMilliseconds:F0} ms ({sampler.Samples:N0} samples), longest seen (s):");
        void Show(string what, IEnumerable<LockSampler.Seen> seen)
        {
            foreach (var s in seen.Take(3))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {what,-38} {s.Seconds,6:F2}  {OneLine(s.Query, 150)}"));
        }
        Show("locking statement", sampler.LongestStatements(locking: true));
        Show("transaction holding row locks", sampler.LongestTransactions(locking: true));
        var transactions = sampler.LongestTransactions(locking: true).ToList();
        Console.WriteLine($"    transactions holding row locks seen: {transactions.Count:N0}, of them seen older than 0.5 s: {transactions.Count(t => t.Seconds > 0.5)}, " +
            $"older than {TargetLockSeconds} s: {transactions.Count(t => t.Seconds > TargetLockSeconds)}");
        Show("read statement", sampler.LongestStatements(locking: false));
        if (cluster is not null)
            await ShowSlowStatementsAsync(cluster, logFrom);

        return new SweepFigures(startedAt, watch.Elapsed, status == "Completed", archived, purged, during,
            sampler.LongestStatements(locking: true).FirstOrDefault()?.Seconds, sampler.LongestTransactions(locking: true).FirstOrDefault()?.Seconds);
    }

    /// <summary>
    /// Every conversation gets its Created event and each Deleted one the event of its deletion, so
    /// the sweep's event INSERTs go into a table of a real size and the purge has events to remove.
    /// </summary>
    private static async Task FillEventsAsync(string database)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await Sql.OpenAsync(database);
        await Sql.ExecuteAsync(connection, ReferenceSweep.Uuid7Function);
        await Sql.ExecuteAsync(connection, """
            INSERT INTO conversation_events (id, organization_id, conversation_id, type, actor_type, actor_user_id, payload, created_at)
            SELECT bench_uuid7(created_at), organization_id, id, 'Created', 'Contact', NULL, NULL, created_at FROM conversations ORDER BY created_at
            """);
        await Sql.ExecuteAsync(connection, """
            INSERT INTO conversation_events (id, organization_id, conversation_id, type, actor_type, actor_user_id, payload, created_at)
            SELECT bench_uuid7(deleted_at), organization_id, id, 'StatusChangedByMaintenance', 'System', NULL,
                   '{"from":"Archived","to":"Deleted","rule":"delete.archived","days":30}', deleted_at
            FROM conversations WHERE status = 'Deleted' ORDER BY deleted_at
            """);
        await Sql.ExecuteAsync(connection, "VACUUM (ANALYZE) conversation_events");
        await Sql.ExecuteAsync(connection, "CHECKPOINT");
        Console.WriteLine($"  conversation_events {await ScalarAsync<long>(database, "SELECT count(*) FROM conversation_events"),12:N0} rows by INSERT … SELECT " +
            $"(Created for each, the deletion for each Deleted), VACUUM ANALYZE, CHECKPOINT: {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task SetPolicyAsync(HttpClient http)
    {
        using var response = await http.PutAsJsonAsync("/api/v1/maintenance/policy", new
        {
            archiveAfterDays = new { open = 30, pending = (int?)null, automated = (int?)null, sent = (int?)null },
            deleteAfterDays = new { archived = (int?)null, irrelevant = (int?)null, resolved = (int?)null },
            deleteBufferDays = 30,
            deleteContactData = false,
        });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT /api/v1/maintenance/policy answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    // The run answers when the sweep has finished, minutes later at full scale: no client timeout.
    private static async Task<string> PostRunAsync(Uri server, string token, bool dryRun)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.PostAsync($"/api/v1/maintenance/runs?dryRun={(dryRun ? "true" : "false")}", null);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/v1/maintenance/runs answered {(int)response.StatusCode}: {body}");
        return body;
    }

    private static long Count(JsonDocument run, string rule) => run.RootElement.GetProperty("rules").GetProperty(rule).GetProperty("count").GetInt64();

    /// <summary>The statements the cluster logged as slow during the sweep, slowest first, and any plan auto_explain wrote.</summary>
    private static async Task ShowSlowStatementsAsync(ThrowawayCluster cluster, long from)
    {
        await Task.Delay(500); // the log is written by another process
        await using var stream = new FileStream(cluster.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var entries = new List<string>();
        var current = new StringBuilder();
        foreach (var line in (await reader.ReadToEndAsync()).Split('\n'))
        {
            // An entry starts with its timestamp; continuation lines (the statement's next lines) do not.
            if (line.Length > 4 && char.IsAsciiDigit(line[0]) && line[4] == '-' && current.Length > 0)
            {
                entries.Add(current.ToString());
                current.Clear();
            }
            current.Append(line).Append('\n');
        }
        entries.Add(current.ToString());

        var slow = entries
            .Where(e => e.Contains("duration: ", StringComparison.Ordinal) && !e.Contains("plan:", StringComparison.Ordinal))
            .Select(e =>
            {
                var at = e.IndexOf("duration: ", StringComparison.Ordinal) + "duration: ".Length;
                var ms = double.Parse(e[at..e.IndexOf(' ', at)], CultureInfo.InvariantCulture);
                var text = e[(e.IndexOf(':', e.IndexOf(" ms ", at, StringComparison.Ordinal)) + 1)..];
                return (Ms: ms, Text: text);
            })
            .OrderByDescending(s => s.Ms)
            .ToList();
        Console.WriteLine($"  cluster log: {slow.Count} statements of the sweep's database over {LogSlowerThan} (log_min_duration_statement), slowest:");
        foreach (var (ms, text) in slow.Take(5))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {ms,8:F0} ms  {OneLine(text, 150)}"));
        foreach (var plan in entries.Where(e => e.Contains("plan:", StringComparison.Ordinal)).Take(3))
            Console.WriteLine($"  auto_explain (over {TargetLockSeconds} s):\n{plan}");
    }

    private static string OneLine(string text, int length)
    {
        var line = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > length ? line[..length] + "…" : line;
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = await Sql.OpenAsync(database);
        return await Sql.ScalarAsync<T>(connection, sql);
    }
}
