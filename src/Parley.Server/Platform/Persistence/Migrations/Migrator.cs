using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Parley.Platform.Persistence.Migrations;

/// <summary>
/// Applies the versioned SQL scripts embedded under Migrations/{Sqlite,Postgres}/NNNN_name.sql,
/// forward only, each in its own transaction together with its row in schema_migrations.
/// Several nodes may start at once: on PostgreSQL they queue on an advisory lock, on SQLite on
/// the database's write lock (BEGIN IMMEDIATE), and each applies only what is still missing.
/// </summary>
public sealed partial class Migrator(DatabaseSettings settings, ILogger<Migrator> logger, TimeProvider clock)
{
    // Any constant works; it only has to be the same on every node. ("Parley" in ASCII.)
    private const long AdvisoryLockKey = 0x506172_6C6579;

    public sealed record Script(int Version, string Name, string Sql);

    public IReadOnlyList<Script> Scripts { get; } = Load(settings.Provider);

    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
            PrepareSqliteDirectory(settings.ConnectionString);

        await using var connection = Open(settings);
        await connection.OpenAsync(cancellationToken);
        if (connection is SqliteConnection)
            SqliteWalInterceptor.Configure(connection);

        var applied = new List<int>();
        if (connection is NpgsqlConnection)
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer NOT NULL PRIMARY KEY,
                    name text NOT NULL,
                    applied_at text NOT NULL
                )
                """, cancellationToken);

            foreach (var script in Scripts)
            {
                await using var transaction = await BeginAsync(connection, cancellationToken);
                if (await IsAppliedAsync(connection, transaction, script.Version, cancellationToken))
                {
                    await transaction.CommitAsync(cancellationToken);
                    continue;
                }
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await using (var record = connection.CreateCommand())
                {
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)";
                    AddParameter(record, "@version", script.Version);
                    AddParameter(record, "@name", script.Name);
                    AddParameter(record, "@at", clock.GetUtcNow().ToString("O"));
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                applied.Add(script.Version);
                LogApplied(logger, script.Version, script.Name);
            }
        }
        finally
        {
            if (connection is NpgsqlConnection)
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
        return applied;
    }

    private static DbConnection Open(DatabaseSettings settings) => settings.Provider switch
    {
        DatabaseProvider.Postgres => new NpgsqlConnection(settings.ConnectionString),
        _ => new SqliteConnection(settings.ConnectionString),
    };

    private static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // deferred: false is SQLite's BEGIN IMMEDIATE: the write lock is taken before the
        // "is it applied?" check, so two starting nodes cannot both decide to apply a script.
        if (connection is SqliteConnection sqlite)
            return sqlite.BeginTransaction(deferred: false);
        return await connection.BeginTransactionAsync(cancellationToken);
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction transaction, int version, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = @version";
        AddParameter(command, "@version", version);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static void PrepareSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
            return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (directory is not null)
            Directory.CreateDirectory(directory);
    }

    private static List<Script> Load(DatabaseProvider provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var folder = $"{typeof(Migrator).Namespace}.{provider}.";
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(folder, StringComparison.Ordinal)))
        {
            var match = ScriptName().Match(resource[folder.Length..]);
            if (!match.Success)
                throw new InvalidOperationException($"Migration '{resource}' must be named NNNN_name.sql.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new Script(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
                throw new InvalidOperationException($"{provider} migrations must be numbered 1, 2, 3… without gaps; found {scripts[i].Version} at position {i + 1}.");
        }
        return scripts;
    }

    [GeneratedRegex(@"^_?(\d{4})_(\w+)\.sql$")]
    private static partial Regex ScriptName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} {Name}")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
