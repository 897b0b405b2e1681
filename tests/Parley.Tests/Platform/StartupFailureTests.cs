using Npgsql;
using Parley.Platform.Persistence;
using Parley.Testing;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

/// <summary>A database Parley cannot use stops the real server process with one line saying what to check.</summary>
public sealed class StartupFailureTests
{
    private const string Password = "pa55-never-printed";

    [ProviderFact]
    public async Task A_database_that_cannot_be_used_stops_the_server_with_one_clear_line_and_no_stack_trace(string db)
    {
        var cases = new List<(string Case, string ConnectionString, string Says)>
        {
            ("an unparsable connection string", $"Data Source=x;Password={Password};=oops", "is not a"),
        };
        if (db == Db.Postgres)
        {
            var server = new NpgsqlConnectionStringBuilder(await PostgresCluster.CreateEmptyDatabaseAsync());
            string Target(string database, string? username = null, int? port = null) =>
                new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database, Username = username ?? server.Username, Port = port ?? server.Port, Password = Password }.ConnectionString;
            cases.Add(("a server that is not running", Target(server.Database!, port: Loopback.FreePort()), "cannot be reached"));
            cases.Add(("a database that does not exist", Target("parley_missing"), "has no database 'parley_missing'"));
            cases.Add(("a role that does not exist", Target(server.Database!, username: "nobody_here"), "does not let user 'nobody_here' connect"));
            cases.Add(("no host", $"Database=parley;Password={Password}", "names no PostgreSQL server"));
        }
        else
        {
            // A file where a folder would have to be: the folder cannot be created, even by root.
            var file = Path.GetTempFileName();
            cases.Add(("a database folder that cannot be created", $"Data Source={Path.Combine(file, "sub", "parley.db")};Password={Password}", "cannot be created"));
        }

        foreach (var (name, connectionString, says) in cases)
        {
            var dataDirectory = Directory.CreateTempSubdirectory("parley-startup-").FullName;
            await using var process = ServerProcess.Start(
                $"--urls=http://127.0.0.1:{Loopback.FreePort()}",
                $"--Parley:Database:Provider={db}",
                $"--ConnectionStrings:Parley={connectionString}",
                $"--Parley:DataDirectory={dataDirectory}");

            var exitCode = await process.WaitForExitAsync();

            exitCode.ShouldNotBe(0, name);
            var errors = process.Errors.Where(l => l.Trim().Length > 0).ToList();
            errors.Count.ShouldBe(1, $"{name}: {string.Join('\n', process.Output)}");
            errors[0].ShouldStartWith("Parley cannot start: ", Case.Sensitive, name);
            errors[0].ShouldContain(says, Case.Sensitive, $"{name}: {errors[0]}");
            var everything = string.Join('\n', process.Output);
            everything.ShouldNotContain(Password, Case.Sensitive, name);
            everything.ShouldNotContain("   at ", Case.Sensitive, name);
            everything.ShouldNotContain("Exception", Case.Sensitive, name);
        }
    }

    [Fact]
    public void A_refused_password_names_the_user_and_the_setting_but_never_the_password()
    {
        var settings = new DatabaseSettings(DatabaseProvider.Postgres, $"Host=db.internal;Port=5433;Database=parley;Username=parley_app;Password={Password}");

        var line = DatabaseTrouble.Explain(new PostgresException("password authentication failed for user \"parley_app\"", "FATAL", "FATAL", PostgresErrorCodes.InvalidPassword), settings);

        line.ShouldBe("PostgreSQL at db.internal:5433 refused the password of user 'parley_app': check Username= and Password= in ConnectionStrings:Parley.");
    }
}
