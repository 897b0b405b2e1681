using Npgsql;
using Parley.Testing;

namespace Parley.Bench;

/// <summary>
/// The bench's own PostgreSQL, production-like: fsync and synchronous commit stay on, since the
/// figures must hold for a real installation. auto_explain is preloaded but silent until
/// <see cref="ExplainAsync"/> switches it on for one request.
/// </summary>
public static class BenchCluster
{
    public static Task<ThrowawayCluster> StartAsync(bool keep) => ThrowawayCluster.StartAsync(new ClusterOptions
    {
        Name = "parley-bench-pg",
        Durable = true,
        Locale = "C.UTF-8",
        Keep = keep,
        ConnectionOptions = "Timeout=30;Command Timeout=0",
        // shared_buffers as in shared/reference/pg-limit so figures compare; max_wal_size raised so
        // the bulk load is not one forced checkpoint after another (a production server would be
        // tuned the same way); maintenance_work_mem lets each index build sort in memory.
        Settings = new Dictionary<string, string>
        {
            ["max_connections"] = "200",
            ["shared_buffers"] = "1GB",
            ["max_wal_size"] = "8GB",
            ["maintenance_work_mem"] = "1GB",
            ["shared_preload_libraries"] = "'auto_explain'",
            ["auto_explain.log_min_duration"] = "-1",
            ["auto_explain.log_analyze"] = "off",
            ["auto_explain.log_buffers"] = "on",
        },
    });

    /// <summary>
    /// Runs <paramref name="action"/> with every statement's EXPLAIN (ANALYZE, BUFFERS) written to
    /// the server log, and returns the plans it logged. auto_explain sees the server's own SQL with
    /// its real parameter values, which re-typing the SQL by hand could not guarantee.
    /// </summary>
    public static async Task<string> ExplainAsync(this ThrowawayCluster cluster, Func<Task> action)
    {
        var before = new FileInfo(cluster.LogFile).Length;
        await SetAutoExplainAsync(cluster, true);
        try
        {
            await action();
        }
        finally
        {
            await SetAutoExplainAsync(cluster, false);
        }
        // The log is written by another process; give it a moment to flush.
        await Task.Delay(500);
        await using var stream = new FileStream(cluster.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(before, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return OnlyPlans(await reader.ReadToEndAsync());
    }

    // The log also holds the reloads that switched auto_explain on and off, and the plan of the
    // bench's own pg_reload_conf(); only the server's statements are of interest.
    private static string OnlyPlans(string log)
    {
        var entries = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var line in log.Split('\n'))
        {
            if (line.Length > 4 && char.IsAsciiDigit(line[0]) && line[4] == '-' && current.Length > 0)
            {
                entries.Add(current.ToString());
                current.Clear();
            }
            current.Append(line).Append('\n');
        }
        entries.Add(current.ToString());
        return string.Concat(entries.Where(e => e.Contains("plan:", StringComparison.Ordinal) && !e.Contains("pg_reload_conf", StringComparison.Ordinal)));
    }

    private static async Task SetAutoExplainAsync(ThrowawayCluster cluster, bool on)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var sql = on
            ? "ALTER SYSTEM SET auto_explain.log_min_duration = 0; ALTER SYSTEM SET auto_explain.log_analyze = on;"
            : "ALTER SYSTEM RESET auto_explain.log_min_duration; ALTER SYSTEM RESET auto_explain.log_analyze;";
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append("SELECT pg_reload_conf()"))
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
        // Every backend applies a reload at its next command; wait so the next request sees it.
        await Task.Delay(300);
    }
}
