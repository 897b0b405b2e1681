using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Parley.Platform.Persistence;
using Parley.Platform.Persistence.Migrations;
using Parley.Platform.Tenancy;
using Parley.Testing;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

public sealed class MigrationTests
{
    [ProviderFact]
    public async Task Migrated_schema_matches_the_EF_model_exactly(string db)
    {
        var migrated = await EmptyDatabaseAsync(db);
        await MigratorFor(db, migrated).MigrateAsync();

        // The oracle: the DDL EF itself would generate for the model, run on a second empty database.
        var fromModel = await EmptyDatabaseAsync(db);
        await using (var context = ContextFor(db, fromModel))
        await using (var connection = Open(db, fromModel))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = context.Database.GenerateCreateScript();
            await command.ExecuteNonQueryAsync();
        }

        var expected = await DescribeSchemaAsync(db, fromModel);
        var actual = await DescribeSchemaAsync(db, migrated);
        expected.Count.ShouldBeGreaterThan(30);
        actual.Except(expected).ShouldBeEmpty("the migrations create what the model does not have");
        expected.Except(actual).ShouldBeEmpty("the model has what the migrations do not create");
    }

    [ProviderFact]
    public async Task Quartz_tables_are_created_by_the_migrations(string db)
    {
        var database = await EmptyDatabaseAsync(db);
        await MigratorFor(db, database).MigrateAsync();

        var sql = db == Db.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'qrtz\\_%' ORDER BY 1"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'qrtz\\_%' ESCAPE '\\' ORDER BY 1";
        var tables = (await ReadAsync(db, database, sql)).Select(r => (string)r[0]).ToList();

        // What Quartz 4.7's AdoJobStore validates at start-up, plus its optional execution history.
        tables.ShouldBe(
        [
            "qrtz_blob_triggers", "qrtz_calendars", "qrtz_cron_triggers", "qrtz_execution_history", "qrtz_fired_triggers",
            "qrtz_job_details", "qrtz_job_status", "qrtz_locks", "qrtz_misfire_history", "qrtz_paused_job_grps",
            "qrtz_paused_trigger_grps", "qrtz_scheduler_state", "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_triggers",
        ]);
    }

    [ProviderFact]
    public async Task Migrating_again_applies_nothing_and_records_each_version_once(string db)
    {
        var database = await EmptyDatabaseAsync(db);
        var migrator = MigratorFor(db, database);

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        first.ShouldBe(migrator.Scripts.Select(s => s.Version).ToList());
        first.ShouldNotBeEmpty();
        second.ShouldBeEmpty();
        (await AppliedVersionsAsync(db, database)).ShouldBe(first);
    }

    [ProviderFact]
    public async Task Two_server_processes_starting_at_the_same_moment_migrate_once(string db)
    {
        var database = await EmptyDatabaseAsync(db);
        var dataDirectory = Directory.CreateTempSubdirectory("parley-migrate-").FullName;
        string[] arguments = ["migrate", $"--Parley:Database:Provider={db}", $"--ConnectionStrings:Parley={database}", $"--Parley:DataDirectory={dataDirectory}"];

        await using var first = ServerProcess.Start(arguments);
        await using var second = ServerProcess.Start(arguments);
        var exitCodes = await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());

        exitCodes.ShouldBe([0, 0], string.Join('\n', first.Output.Concat(second.Output)));
        var expected = MigratorFor(db, database).Scripts.Select(s => s.Version).ToList();
        (await AppliedVersionsAsync(db, database)).ShouldBe(expected);
        // Every script was applied by exactly one of the two.
        first.Output.Concat(second.Output).Count(l => l.Contains("Applied migration", StringComparison.Ordinal)).ShouldBe(expected.Count);
    }

    [ProviderFact]
    public async Task Many_nodes_migrating_concurrently_all_succeed_and_apply_each_script_once(string db)
    {
        var database = await EmptyDatabaseAsync(db);
        var nodes = Enumerable.Range(0, 6).Select(_ => MigratorFor(db, database)).ToList();

        var applied = await Task.WhenAll(nodes.Select(n => Task.Run(() => n.MigrateAsync())));

        applied.SelectMany(a => a).Order().ShouldBe(nodes[0].Scripts.Select(s => s.Version));
        (await AppliedVersionsAsync(db, database)).ShouldBe(nodes[0].Scripts.Select(s => s.Version).ToList());
    }

    [ProviderFact]
    public async Task The_server_migrates_an_empty_database_when_it_starts(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, migrated: false);
        using var client = app.NewClient();

        (await client.GetAsync("/readyz")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await app.QueryAsync(d => d.Organizations.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task SQLite_database_runs_in_WAL_mode()
    {
        await using var app = await ParleyApp.StartAsync(Db.Sqlite, migrated: false);
        using var client = app.NewClient();
        await client.GetAsync("/readyz");

        await using var connection = new SqliteConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        ((string)(await command.ExecuteScalarAsync())!).ShouldBe("wal");
    }

    private static async Task<string> EmptyDatabaseAsync(string db) => db == Db.Postgres
        ? new NpgsqlConnectionStringBuilder(await PostgresCluster.CreateEmptyDatabaseAsync()) { Pooling = false }.ConnectionString
        : $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("parley-schema-").FullName, "parley.db")};Pooling=False";

    private static Migrator MigratorFor(string db, string connectionString) =>
        new(new DatabaseSettings(db == Db.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, connectionString), NullLogger<Migrator>.Instance, TimeProvider.System);

    private static ParleyDbContext ContextFor(string db, string connectionString)
    {
        var options = new DbContextOptionsBuilder<ParleyDbContext>();
        if (db == Db.Postgres)
            options.UseNpgsql(connectionString);
        else
            options.UseSqlite(connectionString);
        return new ParleyDbContext(options.Options, new TenantScope(), TimeProvider.System);
    }

    private static DbConnection Open(string db, string connectionString) =>
        db == Db.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);

    private static async Task<List<int>> AppliedVersionsAsync(string db, string connectionString)
    {
        var rows = await ReadAsync(db, connectionString, "SELECT version FROM schema_migrations ORDER BY version");
        return rows.Select(r => Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>Tables, columns (type, nullability, default), keys, foreign keys and indexes, one line each.</summary>
    /// <remarks>
    /// Leaves out schema_migrations and Quartz's qrtz_* tables (migration 0013): those belong to the
    /// Migrator and to Quartz's job store, not to the EF model, so EF's DDL never has them.
    /// <see cref="Quartz_tables_are_created_by_the_migrations"/> covers the Quartz tables instead.
    /// </remarks>
    private static async Task<List<string>> DescribeSchemaAsync(string db, string connectionString)
    {
        var lines = new List<string>();
        if (db == Db.Postgres)
        {
            foreach (var r in await ReadAsync(db, connectionString, """
                SELECT table_name, column_name, data_type, coalesce(character_maximum_length, -1), is_nullable, coalesce(column_default, '')
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations' AND table_name NOT LIKE 'qrtz\_%'
                """))
                lines.Add($"column {r[0]}.{r[1]} {r[2]}({r[3]}) nullable={r[4]} default={r[5]}");
            foreach (var r in await ReadAsync(db, connectionString, "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations' AND tablename NOT LIKE 'qrtz\\_%'"))
                lines.Add($"index {r[0]} {r[1]}");
            foreach (var r in await ReadAsync(db, connectionString, """
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'schema_migrations' AND conrelid::regclass::text NOT LIKE 'qrtz\_%'
                """))
                lines.Add($"constraint {r[0]} {r[1]} {r[2]}");
        }
        else
        {
            var tables = (await ReadAsync(db, connectionString, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' AND name NOT LIKE 'qrtz\\_%' ESCAPE '\\'"))
                .Select(r => (string)r[0]).ToList();
            foreach (var table in tables)
            {
                lines.Add($"table {table}");
                foreach (var r in await ReadAsync(db, connectionString, $"SELECT name, type, \"notnull\", coalesce(dflt_value, ''), pk FROM pragma_table_info('{table}')"))
                    lines.Add($"column {table}.{r[0]} {r[1]} notnull={r[2]} default={r[3]} pk={r[4]}");
                foreach (var r in await ReadAsync(db, connectionString, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
                    lines.Add($"foreign key {table}.{r[1]} -> {r[0]}.{r[2]} on delete {r[3]}");
                foreach (var index in await ReadAsync(db, connectionString, $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')"))
                {
                    var columns = await ReadAsync(db, connectionString, $"SELECT name FROM pragma_index_info('{index[0]}') ORDER BY seqno");
                    lines.Add($"index {table}.{index[0]} unique={index[1]} origin={index[2]} ({string.Join(",", columns.Select(c => c[0]))})");
                }
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<object[]>> ReadAsync(string db, string connectionString, string sql)
    {
        await using var connection = Open(db, connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }
}
