using Npgsql;

namespace Parley.Bench;

/// <summary>
/// A PostgreSQL cluster of its own under /tmp, started like the tests' one but production-like:
/// fsync and synchronous commit stay on, since the figures must hold for a real installation.
/// auto_explain is preloaded but silent until <see cref="Explain"/> switches it on for one request.
/// </summary>
public sealed class ThrowawayCluster : IAsyncDisposable
{
    private readonly string _pgCtl;
    private readonly string _data;
    private readonly bool _asRoot;
    private readonly bool _keep;

    private ThrowawayCluster(string pgCtl, string root, bool asRoot, bool keep, string connectionString)
    {
        _pgCtl = pgCtl;
        Root = root;
        _data = Path.Combine(root, "data");
        _asRoot = asRoot;
        _keep = keep;
        ConnectionString = connectionString;
    }

    public string Root { get; }
    public string ConnectionString { get; }
    public string LogFile => Path.Combine(Root, "log");

    /// <summary>The postmaster's process id (first line of postmaster.pid), to account PostgreSQL's CPU time.</summary>
    public int PostmasterPid => int.Parse(File.ReadLines(Path.Combine(_data, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<ThrowawayCluster> StartAsync(bool keep)
    {
        var pgCtl = FindBinary("pg_ctl") ?? throw new InvalidOperationException(
            "PostgreSQL was not found (no pg_ctl on PATH or under /usr/lib/postgresql): install it or pass --connection.");
        var initDb = Path.Combine(Path.GetDirectoryName(pgCtl)!, "initdb");
        var root = Path.Combine("/tmp", $"parley-bench-pg-{Environment.ProcessId}");
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            await Processes.RunAsync("chown", ["postgres:postgres", root]);

        var port = Processes.FreePort();
        var data = Path.Combine(root, "data");
        await Processes.RunAsync(initDb, ["-D", data, "-U", "parley", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"], asRoot);
        // shared_buffers as in shared/reference/pg-limit so figures compare; max_wal_size raised so
        // the bulk load is not one forced checkpoint after another (a production server would be
        // tuned the same way); maintenance_work_mem lets each index build sort in memory.
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {port}
            unix_socket_directories = '{root}'
            max_connections = 200
            shared_buffers = 1GB
            max_wal_size = 8GB
            maintenance_work_mem = 1GB
            shared_preload_libraries = 'auto_explain'
            auto_explain.log_min_duration = -1
            auto_explain.log_analyze = off
            auto_explain.log_buffers = on

            """);
        await Processes.RunAsync(pgCtl, ["-D", data, "-l", Path.Combine(root, "log"), "-w", "-t", "120", "start"], asRoot);
        return new ThrowawayCluster(pgCtl, root, asRoot, keep,
            $"Host=127.0.0.1;Port={port};Username=parley;Database=postgres;Timeout=30;Command Timeout=0");
    }

    /// <summary>
    /// Runs <paramref name="action"/> with every statement's EXPLAIN (ANALYZE, BUFFERS) written to
    /// the server log, and returns the plans it logged. auto_explain sees the server's own SQL with
    /// its real parameter values, which re-typing the SQL by hand could not guarantee.
    /// </summary>
    public async Task<string> ExplainAsync(Func<Task> action)
    {
        var before = new FileInfo(LogFile).Length;
        await SetAutoExplainAsync(true);
        try
        {
            await action();
        }
        finally
        {
            await SetAutoExplainAsync(false);
        }
        // The log is written by another process; give it a moment to flush.
        await Task.Delay(500);
        await using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
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

    private async Task SetAutoExplainAsync(bool on)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
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

    public async ValueTask DisposeAsync()
    {
        if (_keep)
        {
            Console.WriteLine($"PostgreSQL kept running: {ConnectionString} (data in {_data}; stop with: runuser -u postgres -- {_pgCtl} -D {_data} stop)");
            return;
        }
        try
        {
            await Processes.RunAsync(_pgCtl, ["-D", _data, "-m", "fast", "-w", "stop"], _asRoot);
        }
        finally
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException e)
            {
                // Cleaning up must not hide why a run stopped (this runs while an exception unwinds).
                Console.WriteLine($"could not remove {Root}: {e.Message}");
            }
        }
    }

    public static string? FindBinary(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        if (!Directory.Exists("/usr/lib/postgresql"))
            return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .Select(d => Path.Combine(d, "bin", name))
            .FirstOrDefault(File.Exists);
    }
}
