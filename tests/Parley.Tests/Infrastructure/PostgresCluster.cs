using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Parley.Platform.Persistence;
using Parley.Platform.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL the tests run against: PARLEY_TEST_POSTGRES when given, otherwise a throwaway
/// cluster started from the machine's initdb/pg_ctl in a temp folder on a free port (as the
/// postgres user when the tests run as root, since PostgreSQL refuses root). Each test gets its
/// own database, copied from a migrated template.
/// </summary>
public static class PostgresCluster
{
    private const string TemplateDatabase = "parley_template";
    private static readonly Lazy<Task<string>> Server = new(StartAsync);
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static int _databaseCounter;

    private static string? ExternalConnectionString => Environment.GetEnvironmentVariable("PARLEY_TEST_POSTGRES") is { Length: > 0 } s ? s : null;
    private static bool Required => Environment.GetEnvironmentVariable("PARLEY_REQUIRE_POSTGRES") == "1";

    /// <summary>Why PostgreSQL tests are skipped, or null when they run.</summary>
    public static string? SkipReason =>
        ExternalConnectionString is not null || FindBinary("pg_ctl") is not null || Required
            ? null
            : "PostgreSQL is not available: no pg_ctl on PATH or under /usr/lib/postgresql, and PARLEY_TEST_POSTGRES is not set (set PARLEY_REQUIRE_POSTGRES=1 to make this a failure).";

    /// <summary>A new database with Parley's schema already migrated.</summary>
    public static Task<string> CreateMigratedDatabaseAsync() => CreateDatabaseAsync(TemplateDatabase);

    /// <summary>A new, empty database.</summary>
    public static Task<string> CreateEmptyDatabaseAsync() => CreateDatabaseAsync("template0");

    private static async Task<string> CreateDatabaseAsync(string template)
    {
        var server = await Server.Value;
        var name = $"parley_t{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}";
        await CreateLock.WaitAsync();
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template}", connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            CreateLock.Release();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        var server = ExternalConnectionString ?? await StartClusterAsync();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {TemplateDatabase}", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {TemplateDatabase} TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync();
        }
        var template = new NpgsqlConnectionStringBuilder(server) { Database = TemplateDatabase, Pooling = false }.ConnectionString;
        await new Migrator(new DatabaseSettings(DatabaseProvider.Postgres, template), NullLogger<Migrator>.Instance, TimeProvider.System).MigrateAsync();
        return server;
    }

    private static async Task<string> StartClusterAsync()
    {
        var pgCtl = FindBinary("pg_ctl") ?? throw new InvalidOperationException(
            "PARLEY_REQUIRE_POSTGRES=1 but PostgreSQL was not found: install it (apt-get install postgresql) or set PARLEY_TEST_POSTGRES.");
        var initDb = Path.Combine(Path.GetDirectoryName(pgCtl)!, "initdb");
        if (!File.Exists(initDb))
            initDb = FindBinary("initdb") ?? throw new InvalidOperationException("initdb was not found next to pg_ctl.");

        await RemoveAbandonedClustersAsync(pgCtl);
        var root = Path.Combine(Path.GetTempPath(), $"parley-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var data = Path.Combine(root, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            await RunAsync("chown", ["postgres:postgres", root], asPostgres: false);

        var port = FreePort();
        await RunAsync(initDb, ["-D", data, "-U", "parley", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], asRoot);
        await RunAsync(pgCtl,
        [
            "-D", data, "-l", Path.Combine(root, "log"), "-w", "-t", "60", "start",
            "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        ], asRoot);

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsync(pgCtl, ["-D", data, "-m", "immediate", "stop"], asRoot).GetAwaiter().GetResult();
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // The temp folder is all that is left behind.
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=parley;Database=postgres;Maximum Pool Size=20;Connection Idle Lifetime=10;Connection Pruning Interval=5;Timeout=30;Command Timeout=120";
    }

    // A test run that was killed leaves its cluster behind; stop it and remove its folder.
    private static async Task RemoveAbandonedClustersAsync(string pgCtl)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "parley-pg-*"))
        {
            var parts = Path.GetFileName(folder).Split('-');
            if (parts.Length < 3 || !int.TryParse(parts[2], out var pid) || IsRunning(pid))
                continue;
            try
            {
                var data = Path.Combine(folder, "data");
                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                    await RunAsync(pgCtl, ["-D", data, "-m", "immediate", "stop"], Environment.UserName == "root");
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // Someone else's, or already gone.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal static string? FindBinary(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            return Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", name))
                .FirstOrDefault(File.Exists);
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", file])
                start.ArgumentList.Add(a);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error}{await output}");
    }
}
