using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Parley.Testing;

namespace Parley.Bench;

/// <summary>
/// The read bench's database: a fresh one (on a throwaway cluster, or on --connection) that
/// <see cref="FillOrReuseAsync"/> fills with the year of history, or, with --reuse, the kept
/// database of an earlier run. Shared by the read path and the web app bench so both measure the
/// same data.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly BenchOptions _options;
    private readonly string _serverConnection;

    private BenchDatabase(BenchOptions options, ThrowawayCluster? cluster, string serverConnection, string name)
    {
        _options = options;
        Cluster = cluster;
        _serverConnection = serverConnection;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnection) { Database = name }.ConnectionString;
    }

    public ThrowawayCluster? Cluster { get; }
    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(BenchOptions options, TimeProvider clock)
    {
        var cluster = options.Connection is null ? await BenchCluster.StartAsync(options.Keep) : null;
        try
        {
            var serverConnection = options.Connection ?? cluster!.ConnectionString;
            var name = options.Reuse
                ? new NpgsqlConnectionStringBuilder(serverConnection).Database!
                : "parley_bench_" + clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            await using (var admin = await Sql.OpenAsync(serverConnection))
            {
                await using (var version = new NpgsqlCommand("SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers')", admin))
                await using (var reader = await version.ExecuteReaderAsync())
                {
                    await reader.ReadAsync();
                    Console.WriteLine($"postgres: {reader.GetString(0)}; fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, shared_buffers={reader.GetString(3)}");
                }
                if (!options.Reuse)
                    await Sql.ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE template0");
            }
            var database = new BenchDatabase(options, cluster, serverConnection, name);
            Console.WriteLine($"database: {name}{(cluster is null ? "" : $" on a throwaway cluster in {cluster.Root}")}{(options.Reuse ? " (reused: filled by an earlier run)" : "")}");
            return database;
        }
        catch
        {
            if (cluster is not null)
                await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// With the server started on this database: sets up the organisation over HTTP and fills it
    /// by COPY, or signs in to the one an earlier run filled. Returns what was loaded and an API
    /// token of the admin.
    /// </summary>
    public async Task<(FilledData Data, string Token)> FillOrReuseAsync(Uri server, TimeProvider clock)
    {
        if (_options.Reuse)
        {
            var again = await Organisation.SignInAgainAsync(server);
            var described = await new Filler(ConnectionString, _options, clock).DescribeAsync();
            Console.WriteLine($"reused: {described.Contacts:N0} contacts, ~{described.Messages:N0} messages, {described.BigConversations.Count} conversations of {Filler.BigConversationMessages} messages");
            return (described, again);
        }

        var token = await Organisation.CreateAsync(server, _options.Agents);
        Console.WriteLine($"organisation: set up, {_options.Agents} agents and an API channel created, API token issued (all over HTTP)");
        Console.WriteLine("fill (binary COPY; secondary indexes and foreign keys dropped during COPY, rebuilt in the same transaction):");
        var fill = Stopwatch.StartNew();
        var data = await new Filler(ConnectionString, _options, clock).FillAsync(referenceCopy: true);
        Console.WriteLine($"  fill done in {fill.Elapsed.TotalSeconds:F0} s ({data.Messages:N0} messages, {data.BigConversations.Count} conversations of {Filler.BigConversationMessages} messages)");
        return (data, token);
    }

    /// <summary>
    /// Drops the database on someone else's server unless it is kept or reused; an own cluster
    /// goes as a whole (unless --keep).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_options.Keep && !_options.Reuse && Cluster is null)
            {
                await using var admin = await Sql.OpenAsync(_serverConnection);
                await Sql.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
            }
            else if (_options.Keep)
            {
                Console.WriteLine($"database kept: {ConnectionString}");
            }
        }
        finally
        {
            if (Cluster is not null)
                await Cluster.DisposeAsync();
        }
    }
}
