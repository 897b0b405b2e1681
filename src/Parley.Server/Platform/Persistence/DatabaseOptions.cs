using Microsoft.Data.Sqlite;
using Npgsql;

namespace Parley.Platform.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where Parley keeps its data; bound from <c>Parley:Database</c> and <c>ConnectionStrings:Parley</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>
    /// Why these settings cannot work, as one line for the operator (never the password), or null.
    /// Settings that cannot work are not thrown at while the host is built: the start-up command
    /// says so and exits before anything connects (<see cref="Cli.ParleyCommands"/>).
    /// </summary>
    public string? Misconfiguration { get; private init; }

    public static DatabaseSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        try
        {
            return Read(configuration, environment);
        }
        catch (MisconfiguredException e)
        {
            // An in-memory stand-in lets the host be built; nothing ever opens it.
            return new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:") { Misconfiguration = e.Message };
        }
    }

    private static DatabaseSettings Read(IConfiguration configuration, IHostEnvironment environment)
    {
        var providerName = configuration["Parley:Database:Provider"] ?? "sqlite";
        var provider = providerName.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new MisconfiguredException($"Parley:Database:Provider must be 'sqlite' or 'postgres', not '{providerName}'."),
        };

        var connectionString = configuration.GetConnectionString("Parley");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new MisconfiguredException("ConnectionStrings:Parley is required when Parley:Database:Provider is 'postgres' (Host=…;Database=…;Username=…;Password=…).");
            connectionString = $"Data Source={Path.Combine(DataDirectory(configuration, environment), "parley.db")}";
        }

        else
            // Attachments live in the data folder whatever the database.
            DataDirectory(configuration, environment);

        if (provider == DatabaseProvider.Postgres)
            CheckPostgres(connectionString);
        else
            CheckSqlite(connectionString, environment);
        return new DatabaseSettings(provider, connectionString);
    }

    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var directory = configuration["Parley:DataDirectory"] ?? "data";
        directory = Path.GetFullPath(directory, environment.ContentRootPath);
        CreateFolder(directory, "Parley:DataDirectory");
        return directory;
    }

    // The parsers' own messages may quote a piece of the string (a password holding ';' splits
    // into a bogus keyword), so only what to check is said.
    private static void CheckPostgres(string connectionString)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new MisconfiguredException(
                "ConnectionStrings:Parley is not a PostgreSQL connection string Parley can read: check its keywords (Host=…;Port=5432;Database=…;Username=…;Password=…), its '=' and ';', and quote a value that holds ';'.");
        }
        if (string.IsNullOrWhiteSpace(parsed.Host))
            throw new MisconfiguredException("ConnectionStrings:Parley names no PostgreSQL server: add Host=… (and Port=, Database=, Username=, Password=).");
    }

    private static void CheckSqlite(string connectionString, IHostEnvironment environment)
    {
        string dataSource;
        try
        {
            dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new MisconfiguredException("ConnectionStrings:Parley is not a SQLite connection string Parley can read: it should look like Data Source=/var/lib/parley/parley.db.");
        }
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
            return;
        // The file is created on first use; its folder is created here so a wrong path is said now.
        if (Path.GetDirectoryName(Path.GetFullPath(dataSource, environment.ContentRootPath)) is { Length: > 0 } folder)
            CreateFolder(folder, "ConnectionStrings:Parley (Data Source=…) or Parley:DataDirectory");
    }

    private static void CreateFolder(string folder, string setting)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new MisconfiguredException($"The folder {folder} cannot be created ({e.Message.TrimEnd('.')}): check {setting} and that the server may write there.");
        }
    }

    private sealed class MisconfiguredException(string message) : Exception(message);
}
