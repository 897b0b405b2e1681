using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Parley.Bench.Webhooks;

/// <summary>
/// Issue #4's write-path requirement: signed provider webhooks from a second process over loopback
/// at the server on a production-like PostgreSQL, reported as accepted webhooks/s and latency,
/// checked row by row afterwards, and set beside the same rows inserted straight into PostgreSQL.
/// </summary>
public static class WebhookBench
{
    private const double TargetRate = 2_000;
    private const double TargetP99 = 50;
    private const double TargetShareOfRaw = 0.30;

    public static async Task<int> RunAsync(WebhookOptions options)
    {
        var clock = TimeProvider.System;
        var repository = Machine.RepositoryRoot();
        Console.WriteLine($"Parley webhook load: {options.Seconds} s (after {options.WarmSeconds} s untimed) at concurrency {options.Concurrency}, {options.Contacts:N0} customers, " +
            $"{options.Warmup:N0} warm-up webhooks{(options.ServerSettings.Count > 0 ? "; server " + string.Join(' ', options.ServerSettings) : "")}" +
            (options.ConnectionOptions is null ? "" : $"; server connection string + \"{options.ConnectionOptions}\""));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine("building src/Parley.Server (Release) ...");
        var serverDll = await ReleaseServer.BuildAsync(repository);

        await using var cluster = options.Connection is null ? await BenchCluster.StartAsync(options.Keep) : null;
        var serverConnection = options.Connection ?? cluster!.ConnectionString;
        var databaseName = "parley_webhooks_" + clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnection) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using (var version = new NpgsqlCommand("SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers')", admin))
            await using (var reader = await version.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                Console.WriteLine($"postgres: {reader.GetString(0)}; fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, shared_buffers={reader.GetString(3)}");
            }
            await using var create = new NpgsqlCommand($"CREATE DATABASE {databaseName} TEMPLATE template0", admin);
            await create.ExecuteNonQueryAsync();
        }
        var database = new NpgsqlConnectionStringBuilder(serverConnection) { Database = databaseName }.ConnectionString;
        var postmaster = cluster?.PostmasterPid;
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"parley-bench-data-{Environment.ProcessId}");
        Directory.CreateDirectory(dataDirectory);
        var ok = true;
        try
        {
            LoadResult timed;
            var serverDatabase = options.ConnectionOptions is null ? database : database + ";" + options.ConnectionOptions;
            var server = await ReleaseServer.StartAsync(serverDll, serverDatabase, dataDirectory, options.ServerSettings);
            await using (server)
            {
                Console.WriteLine($"server: {server.Address}, database {databaseName}{(cluster is null ? "" : $" on a throwaway cluster in {cluster.Root}")}");
                var channels = await CreateChannelsAsync(server.Address);
                var traffic = new Traffic(channels, clock.GetUtcNow());
                using var load = new LoadRun(server.Address, options.Concurrency);

                var warmup = await load.RunAsync(traffic.Warmup(options.Warmup), duration: null, progress: false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"warm-up: {warmup.Accepted:N0} first messages of as many customers in {warmup.Elapsed.TotalSeconds:F1} s ({warmup.AcceptedPerSecond:N0}/s), {warmup.Failed} failed"));
                ok &= warmup.Failed == 0;

                var count = (options.WarmSeconds + options.Seconds) * options.MaxRate;
                // Statuses are a fifth of the traffic, about three per outbound message.
                var perConversation = (int)Math.Ceiling(count * Traffic.StatusShare / 2.9 / options.Warmup);
                var outbound = Traffic.Outbound(options.Warmup, perConversation, seed: 7);
                await InsertOutboundAsync(database, channels, outbound);
                Console.WriteLine($"outbound: {outbound.Count:N0} replies put in by SQL ({perConversation} per warm-up conversation, queued with a provider id, as if the provider had accepted them)");
                var webhooks = traffic.Timed(count, options.Contacts, outbound, seed: 42);
                Console.WriteLine($"traffic: {webhooks.Count:N0} signed webhooks computed: " +
                    string.Join(", ", webhooks.GroupBy(w => (w.Kind, w.Sms)).OrderBy(g => g.Key).Select(g => $"{g.Key.Kind} {(g.Key.Sms ? "Twilio" : "WhatsApp")} {g.Count():N0}")));

                Console.WriteLine($"warm load: the same mix, untimed, {options.WarmSeconds} s");
                var warm = await load.RunAsync(webhooks, TimeSpan.FromSeconds(options.WarmSeconds), progress: true);
                Console.WriteLine($"  {warm.Accepted:N0} accepted, {warm.Failed} failed");
                ok &= warm.Failed == 0;
                webhooks = webhooks.GetRange(warm.Sent, webhooks.Count - warm.Sent);

                Console.WriteLine($"timed load: load average before {Machine.LoadAverage()}");
                var cpuBefore = Machine.SampleCpu(server.Pid, postmaster);
                var walBefore = await WalAsync(database);
                timed = await load.RunAsync(webhooks, TimeSpan.FromSeconds(options.Seconds), progress: true);
                var cpu = Machine.SampleCpu(server.Pid, postmaster) - cpuBefore;
                var wal = await WalAsync(database) - walBefore;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  postgres: {wal.Commits / timed.Elapsed.TotalSeconds:N0} transactions/s in the database, {wal.Syncs / timed.Elapsed.TotalSeconds:N0} WAL flushes/s " +
                    $"({timed.Accepted / Math.Max(1, wal.Syncs):F1} webhooks per flush), {wal.Bytes / timed.Accepted:N0} WAL bytes per webhook"));
                Console.WriteLine($"  load average after {Machine.LoadAverage()}");
                Console.WriteLine($"  cpu: {cpu.Describe(timed.Elapsed.TotalSeconds)}");
                Console.WriteLine(Projection("webhook", timed.Accepted, cpu));
                Report(timed);
                if (timed.Sent == webhooks.Count)
                    Console.WriteLine($"  NOTE: the pre-computed traffic ran out before {options.Seconds} s; raise --max-rate");
                ok &= timed.Failed == 0;

                Console.WriteLine("verification (SQL, after the load):");
                ok &= await Verification.CheckAsync(database, [warmup, warm, timed]);
            }

            if (options.SkipRaw)
                return ok ? 0 : 1;
            Console.WriteLine($"raw reference: message insert + conversation touch straight into PostgreSQL, one transaction per webhook, {options.Concurrency} connections, {options.Seconds} s (server stopped)");
            var cpuRawBefore = Machine.SampleCpu(null, postmaster);
            var walRawBefore = await WalAsync(database);
            var raw = await RawInserts.RunAsync(database, options.Concurrency, TimeSpan.FromSeconds(options.Seconds));
            var cpuRaw = Machine.SampleCpu(null, postmaster) - cpuRawBefore;
            var walRaw = await WalAsync(database) - walRawBefore;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  postgres: {walRaw.Syncs / raw.Elapsed.TotalSeconds:N0} WAL flushes/s ({raw.Transactions / Math.Max(1, walRaw.Syncs):F1} transactions per flush), {walRaw.Bytes / raw.Transactions:N0} WAL bytes per transaction"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {raw.PerSecond:N0} tx/s ({raw.Transactions:N0} in {raw.Elapsed.TotalSeconds:F1} s), p50 {raw.P50:F1} ms, p99 {raw.P99:F1} ms"));
            Console.WriteLine($"  cpu: {cpuRaw.Describe(raw.Elapsed.TotalSeconds)}");
            Console.WriteLine(Projection("transaction", raw.Transactions, cpuRaw));

            var share = timed.AcceptedPerSecond / raw.PerSecond;
            var p99 = timed.Percentile(99);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                summary: {timed.AcceptedPerSecond:N0} webhooks/s accepted (target >= {TargetRate:N0}: {Verdict(timed.AcceptedPerSecond >= TargetRate)}), p99 {p99:F1} ms (target <= {TargetP99}: {Verdict(p99 <= TargetP99)}),
                         {share:P0} of the raw {raw.PerSecond:N0} tx/s (target >= {TargetShareOfRaw:P0}: {Verdict(share >= TargetShareOfRaw)}); errors {timed.Failed}; rows {(ok ? "exactly right" : "WRONG")}
                """));
            return ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
            if (options.Keep)
            {
                Console.WriteLine($"database kept: {database}");
            }
            else if (cluster is null)
            {
                await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnection) { Pooling = false }.ConnectionString);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    private sealed record Wal(long Commits, long Syncs, long Bytes)
    {
        public static Wal operator -(Wal after, Wal before) => new(after.Commits - before.Commits, after.Syncs - before.Syncs, after.Bytes - before.Bytes);
    }

    // Commits of the bench database, and the cluster's WAL flushes (fsyncs): what bounds one transaction per webhook.
    private static async Task<Wal> WalAsync(string database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()), wal_sync, wal_bytes::bigint FROM pg_stat_wal", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Wal(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    // Other work on a shared machine takes cores from the run; the CPU time each part used per
    // request does not depend on that nearly as much. What two otherwise idle cores would carry at
    // that cost is an estimate, not a measurement: the measured figure is the one above.
    private static string Projection(string unit, int count, CpuTimes cpu)
    {
        var perRequest = (cpu.Server + cpu.Postgres + cpu.Bench) / count * 1000;
        return string.Create(CultureInfo.InvariantCulture,
            $"  cpu per {unit}: server {cpu.Server / count * 1000:F2} ms, postgres {cpu.Postgres / count * 1000:F2} ms, load generator {cpu.Bench / count * 1000:F2} ms; " +
            $"{perRequest:F2} ms in all, so {Environment.ProcessorCount} idle cores would carry about {Environment.ProcessorCount / perRequest * 1000:N0}/s (estimate)");
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static void Report(LoadResult run)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  accepted {run.Accepted:N0} of {run.Sent:N0} in {run.Elapsed.TotalSeconds:F1} s = {run.AcceptedPerSecond:N0} webhooks/s; " +
            $"latency p50 {run.Percentile(50):F1} ms, p95 {run.Percentile(95):F1} ms, p99 {run.Percentile(99):F1} ms, max {run.Percentile(100):F1} ms; errors {run.Failed}"));
        foreach (var group in run.Traffic.Take(run.Sent).Zip(run.Outcomes.Take(run.Sent)).GroupBy(p => (p.First.Kind, p.First.Sms)).OrderBy(g => g.Key))
        {
            var sorted = group.Select(p => (double)p.Second.Milliseconds).Order().ToArray();
            double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {group.Key.Kind,-9} {(group.Key.Sms ? "Twilio" : "WhatsApp"),-8} {sorted.Length,7:N0}: p50 {Percentile(50),6:F1}  p99 {Percentile(99),6:F1} ms"));
        }
        foreach (var error in run.Errors.Take(5))
            Console.WriteLine($"    error: {error[..Math.Min(error.Length, 300)]}");
    }

    private static async Task<BenchChannels> CreateChannelsAsync(Uri server)
    {
        using var http = await Organisation.SetUpAsync(server);
        // The providers' APIs are never called: nothing is queued for sending during the run.
        const string nowhere = "http://127.0.0.1:9";
        async Task<Guid> CreateAsync(object channel)
        {
            using var response = await Organisation.PostAsync(http, "/api/v1/channels", channel);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("id").GetGuid();
        }
        var sms = await CreateAsync(new
        {
            type = "sms", name = "Bench SMS", phoneNumber = BenchChannels.SmsNumber,
            settings = new { accountSid = BenchChannels.AccountSid, authToken = BenchChannels.AuthToken, baseUrl = nowhere },
        });
        var whatsApp = await CreateAsync(new
        {
            type = "whatsapp", name = "Bench WhatsApp", phoneNumber = BenchChannels.WhatsAppNumber,
            settings = new
            {
                phoneNumberId = BenchChannels.PhoneNumberId, accessToken = "bench-access-token", appSecret = BenchChannels.AppSecret,
                verifyToken = "bench-verify-token", baseUrl = nowhere, apiVersion = "v21.0",
            },
        });
        Console.WriteLine($"organisation: set up over HTTP with an SMS channel {sms} and a WhatsApp channel {whatsApp}");
        return new BenchChannels(server, sms, whatsApp);
    }

    // Outbound replies with the provider's id, in the warm-up conversations, so the load's statuses
    // find real messages; then statistics, as a database in use would have them.
    private static async Task InsertOutboundAsync(string database, BenchChannels channels, IReadOnlyList<OutboundMessage> outbound)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO messages (id, organization_id, conversation_id, channel_id, direction, kind, author_type, text, external_message_id, delivery_status, is_pinned, created_at)
            SELECT o.id, c.organization_id, c.id, c.channel_id, 'Out', 'Message', 'User', 'Thanks, we are looking into it.', o.provider_id, 'Queued', false, now()
            FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS o(id, phone, channel_id, provider_id)
            JOIN contacts k ON k.phone = o.phone
            JOIN conversations c ON c.contact_id = k.id AND c.channel_id = o.channel_id
            """, connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = outbound.Select(_ => Guid.CreateVersion7()).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = outbound.Select(o => Traffic.Phone(o.Contact)).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = outbound.Select(o => o.Sms ? channels.SmsId : channels.WhatsAppId).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = outbound.Select(o => o.ProviderId).ToArray() });
            var inserted = await insert.ExecuteNonQueryAsync();
            if (inserted != outbound.Count)
                throw new InvalidOperationException($"Only {inserted} of {outbound.Count} outbound messages found their conversation.");
        }
        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }
}
