using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Parley.Platform.Persistence;
using Parley.Platform.Persistence.Migrations;
using Parley.Testing;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL the tests run against: PARLEY_TEST_POSTGRES when given, otherwise a
/// <see cref="ThrowawayCluster"/> without fsync. Each test gets its own database, copied from a
/// migrated template.
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
        ExternalConnectionString is not null || ThrowawayCluster.IsInstalled || Required
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
        if (!ThrowawayCluster.IsInstalled)
            throw new InvalidOperationException("PARLEY_REQUIRE_POSTGRES=1 but PostgreSQL was not found: install it (apt-get install postgresql) or set PARLEY_TEST_POSTGRES.");
        // Held for the whole run: it stops when the test process exits.
        var cluster = await ThrowawayCluster.StartAsync(new ClusterOptions
        {
            Name = "parley-pg",
            Durable = false,
            Settings = new Dictionary<string, string> { ["max_connections"] = "300" },
            ConnectionOptions = "Maximum Pool Size=20;Connection Idle Lifetime=10;Connection Pruning Interval=5;Timeout=30;Command Timeout=120",
        });
        return cluster.ConnectionString;
    }
}
