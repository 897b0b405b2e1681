using System.Diagnostics;
using Npgsql;

namespace Parley.Bench.Sweep;

/// <summary>
/// Polls pg_stat_activity from a connection of its own while the sweep runs and keeps, for every
/// statement and every transaction it saw, the longest it had been running. A statement "locks"
/// unless it is a plain SELECT (a SELECT takes no row locks; the sweep's SELECT … FOR UPDATE
/// does); a transaction locks once any of its statements did, and holds those row locks until it
/// ends, so its age is what a conflicting writer could wait. Resolution is the poll interval.
/// </summary>
public sealed class LockSampler
{
    public sealed record Seen(int Pid, string Query, double Seconds, bool Locks);

    private readonly Dictionary<(int Pid, DateTime Start), Seen> _statements = [];
    private readonly Dictionary<(int Pid, DateTime Start), Seen> _transactions = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public int Samples { get; private set; }
    /// <summary>When a DELETE was first seen, from the start: roughly where the purge began.</summary>
    public TimeSpan? FirstDelete { get; private set; }

    public async Task RunAsync(string database, TimeSpan interval, CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand("""
            SELECT pid, state, query_start, xact_start,
                   extract(epoch FROM clock_timestamp() - query_start)::float8, extract(epoch FROM clock_timestamp() - xact_start)::float8, query
            FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
              AND state IN ('active', 'idle in transaction')
            """, connection);
        await command.PrepareAsync(CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            var next = _clock.Elapsed + interval;
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                    Record(reader);
            }
            Samples++;
            var wait = next - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Record(NpgsqlDataReader reader)
    {
        var pid = reader.GetInt32(0);
        var active = reader.GetString(1) == "active";
        var query = reader.GetString(6);
        var locks = Locks(query);
        if (locks && FirstDelete is null && query.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase))
            FirstDelete = _clock.Elapsed;
        if (active && !reader.IsDBNull(2))
            Keep(_statements, (pid, reader.GetDateTime(2)), new Seen(pid, query, reader.GetDouble(4), locks));
        if (!reader.IsDBNull(3))
        {
            var key = (pid, reader.GetDateTime(3));
            // A transaction is named by its first writing statement seen (the UPDATE of an archive
            // batch, a DELETE of a purge batch), not by the COMMIT it is often caught in.
            var label = _transactions.TryGetValue(key, out var before) && Writes(before.Query) ? before.Query : query;
            Keep(_transactions, key, new Seen(pid, label, reader.GetDouble(5), locks || (before?.Locks ?? false)));
        }
    }

    private static void Keep(Dictionary<(int, DateTime), Seen> seen, (int, DateTime) key, Seen now)
    {
        if (!seen.TryGetValue(key, out var before) || now.Seconds >= before.Seconds)
            seen[key] = now;
    }

    private static bool Writes(string query) =>
        query.TrimStart() is var text && (text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase));

    private static bool Locks(string query)
    {
        var text = query.TrimStart();
        return !text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.Contains("FOR UPDATE", StringComparison.OrdinalIgnoreCase);
    }

    public IEnumerable<Seen> LongestStatements(bool locking) => _statements.Values.Where(s => s.Locks == locking).OrderByDescending(s => s.Seconds);

    public IEnumerable<Seen> LongestTransactions(bool locking) => _transactions.Values.Where(s => s.Locks == locking).OrderByDescending(s => s.Seconds);
}
