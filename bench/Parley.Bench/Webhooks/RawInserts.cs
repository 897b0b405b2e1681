using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Parley.Bench.Webhooks;

public sealed record RawResult(int Transactions, TimeSpan Elapsed, double P50, double P99)
{
    public double PerSecond => Transactions / Elapsed.TotalSeconds;
}

/// <summary>
/// The physical limit the issue compares against, as shared/reference/pg-limit measures it: the
/// least one webhook must write — its message, idempotent on the provider id, and the touch of its
/// conversation — sent straight to PostgreSQL in one transaction per webhook, from as many
/// connections as the load used, into the same tables (same indexes) the run just filled. Each
/// transaction is one prepared two-statement batch, one round trip: cheaper than pgbench's four.
/// </summary>
public static class RawInserts
{
    private const string Insert =
        "INSERT INTO messages (id, organization_id, conversation_id, channel_id, direction, kind, author_type, text, external_message_id, is_pinned, created_at) " +
        "VALUES ($1, $2, $3, $4, 'In', 'Message', 'Contact', $5, $6, false, $7) ON CONFLICT (channel_id, external_message_id) DO NOTHING";
    private const string Touch =
        "UPDATE conversations SET last_activity_at = $2, last_inbound_at = $2, last_message_preview = $3, version = version + 1 WHERE id = $1";
    private const string Text = "Hello! Is my order #A-10293 on its way? I have been waiting for a week now, thanks.";

    public static async Task<RawResult> RunAsync(string connectionString, int concurrency, TimeSpan duration)
    {
        await using var database = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { MaxPoolSize = concurrency + 1 } }.Build();
        var conversations = new List<(Guid Id, Guid Organization, Guid Channel)>();
        await using (var command = database.CreateCommand("SELECT id, organization_id, channel_id FROM conversations"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                conversations.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2)));
        }

        var latencies = new List<double>[concurrency];
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        async Task WorkAsync(int worker)
        {
            var random = new Random(worker);
            var mine = latencies[worker] = [];
            await using var connection = await database.OpenConnectionAsync();
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(Insert)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<Guid>(), new NpgsqlParameter<Guid>(), new NpgsqlParameter<Guid>(), new NpgsqlParameter<Guid>(),
                            new NpgsqlParameter<string>(), new NpgsqlParameter<string>(), new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz },
                        },
                    },
                    new NpgsqlBatchCommand(Touch)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<Guid>(), new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz }, new NpgsqlParameter<string>(),
                        },
                    },
                },
            };
            await batch.PrepareAsync();
            var insert = batch.BatchCommands[0].Parameters;
            var touch = batch.BatchCommands[1].Parameters;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var (conversation, organization, channel) = conversations[random.Next(conversations.Count)];
                var now = TimeProvider.System.GetUtcNow().UtcDateTime;
                ((NpgsqlParameter<Guid>)insert[0]).TypedValue = Guid.CreateVersion7();
                ((NpgsqlParameter<Guid>)insert[1]).TypedValue = organization;
                ((NpgsqlParameter<Guid>)insert[2]).TypedValue = conversation;
                ((NpgsqlParameter<Guid>)insert[3]).TypedValue = channel;
                ((NpgsqlParameter<string>)insert[4]).TypedValue = Text;
                ((NpgsqlParameter<string>)insert[5]).TypedValue = "raw." + Guid.NewGuid().ToString("N");
                ((NpgsqlParameter<DateTime>)insert[6]).TypedValue = now;
                ((NpgsqlParameter<Guid>)touch[0]).TypedValue = conversation;
                ((NpgsqlParameter<DateTime>)touch[1]).TypedValue = now;
                ((NpgsqlParameter<string>)touch[2]).TypedValue = Text;
                var sent = Stopwatch.GetTimestamp();
                // One batch without an explicit transaction runs as one implicit transaction: one commit.
                await batch.ExecuteNonQueryAsync();
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(() => WorkAsync(w))));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all[Math.Clamp((int)Math.Ceiling(p / 100 * all.Length) - 1, 0, all.Length - 1)];
        return new RawResult(all.Length, elapsed, Percentile(50), Percentile(99));
    }
}
