using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Parley.Platform.Persistence;

/// <summary>
/// Turns a failure to reach the database at start-up into one line an operator can act on: what is
/// wrong and which setting to check. Names the server, database and user, never the password.
/// </summary>
public static class DatabaseTrouble
{
    /// <returns>The line, or null when <paramref name="failure"/> is not about reaching the database.</returns>
    public static string? Explain(Exception failure, DatabaseSettings settings) => settings.Provider switch
    {
        DatabaseProvider.Postgres => ExplainPostgres(failure, new NpgsqlConnectionStringBuilder(settings.ConnectionString)),
        _ => ExplainSqlite(failure, new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource),
    };

    private static string? ExplainPostgres(Exception failure, NpgsqlConnectionStringBuilder target)
    {
        var server = $"{target.Host}:{target.Port}";
        var database = target.Database ?? target.Username ?? "(default)";
        return failure switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
                $"PostgreSQL at {server} has no database '{database}': create it (CREATE DATABASE {database} OWNER {target.Username};) or fix Database= in ConnectionStrings:Parley.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } =>
                $"PostgreSQL at {server} refused the password of user '{target.Username}': check Username= and Password= in ConnectionStrings:Parley.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidAuthorizationSpecification } e =>
                $"PostgreSQL at {server} does not let user '{target.Username}' connect to '{database}' ({e.MessageText}): check Username= in ConnectionStrings:Parley, the role, and pg_hba.conf.",
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } e =>
                $"PostgreSQL at {server} refused user '{target.Username}' on '{database}' ({e.MessageText}): grant the role CONNECT and CREATE on that database, or make it the owner.",
            PostgresException { SqlState: PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow } e =>
                $"PostgreSQL at {server} is not accepting connections now ({e.MessageText}): check the server, then start Parley again.",
            NpgsqlException { InnerException: SocketException or TimeoutException or IOException } or SocketException or TimeoutException =>
                $"PostgreSQL at {server} cannot be reached: check that it is running and that Host= and Port= in ConnectionStrings:Parley point at it.",
            _ => null,
        };
    }

    private static string? ExplainSqlite(Exception failure, string dataSource) => failure switch
    {
        // SQLITE_CANTOPEN (14), SQLITE_PERM (3), SQLITE_READONLY (8), SQLITE_NOTADB (26).
        SqliteException { SqliteErrorCode: 14 or 3 or 8 } =>
            $"The SQLite database {dataSource} cannot be opened for writing: check ConnectionStrings:Parley (Data Source=…) or Parley:DataDirectory and that the server may write there.",
        SqliteException { SqliteErrorCode: 26 } =>
            $"{dataSource} is not a SQLite database: point ConnectionStrings:Parley (Data Source=…) or Parley:DataDirectory at Parley's own database file.",
        _ => null,
    };
}
