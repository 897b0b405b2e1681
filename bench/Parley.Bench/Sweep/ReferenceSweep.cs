using System.Diagnostics;
using Npgsql;

namespace Parley.Bench.Sweep;

/// <summary>
/// The physical reference: the sweep's work as hand-written set-based SQL, run inside PostgreSQL
/// by two procedures with no client round trip per batch, in the shape of
/// shared/reference/pg-limit (keyset batches, <c>id = ANY(ARRAY(…))</c>, a COMMIT per batch) and
/// with the same batch sizes as Parley's defaults, so a batch holds its locks as briefly.
/// </summary>
public static class ReferenceSweep
{
    public const int TransitionBatch = 5_000;
    public const int PurgeBatch = 1_000;

    /// <summary>
    /// A version-7 UUID of <c>at</c>, as the server's ids are (PostgreSQL 15 has no uuidv7()): new
    /// rows land at the right edge of the primary key, as the server's do. Installed before the
    /// database is copied, so the fill and the reference use the same function.
    /// </summary>
    public const string Uuid7Function = """
        CREATE OR REPLACE FUNCTION bench_uuid7(at timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
          SELECT encode(set_byte(b, 6, (get_byte(b, 6) & 15) | 112), 'hex')::uuid
          FROM (SELECT overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send((extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6) AS b) AS t
        $$
        """;

    // Archive: keyset on (last_activity_at, id) so no batch walks over the ones before it; the
    // event INSERT is one statement per batch, as the server's.
    private const string ArchiveProcedure = """
        CREATE OR REPLACE PROCEDURE bench_archive(p_org uuid, p_channel uuid, p_cutoff timestamptz, p_now timestamptz, p_batch int, p_payload text,
                                                  INOUT o_rows bigint DEFAULT 0, INOUT o_batches int DEFAULT 0)
        LANGUAGE plpgsql AS $$
        DECLARE
          v_ids uuid[];
          v_at timestamptz := '-infinity';
          v_id uuid := '00000000-0000-0000-0000-000000000000';
        BEGIN
          o_rows := 0; o_batches := 0;
          LOOP
            SELECT array_agg(id ORDER BY last_activity_at, id), max(last_activity_at), (array_agg(id ORDER BY last_activity_at DESC, id DESC))[1]
              INTO v_ids, v_at, v_id
            FROM (SELECT id, last_activity_at FROM conversations
                  WHERE organization_id = p_org AND channel_id = p_channel AND status = 'Open' AND last_activity_at <= p_cutoff
                    AND (last_activity_at, id) > (v_at, v_id)
                  ORDER BY last_activity_at, id LIMIT p_batch) AS batch;
            EXIT WHEN v_ids IS NULL;
            UPDATE conversations SET status = 'Archived', previous_status = status, version = version + 1
            WHERE id = ANY (v_ids) AND status = 'Open';
            INSERT INTO conversation_events (id, organization_id, conversation_id, type, actor_type, actor_user_id, payload, created_at)
            SELECT bench_uuid7(clock_timestamp()), p_org, c, 'StatusChangedByMaintenance', 'System', NULL, p_payload, p_now FROM unnest(v_ids) AS c;
            o_rows := o_rows + cardinality(v_ids); o_batches := o_batches + 1;
            COMMIT;
          END LOOP;
        END $$
        """;

    // Purge: children before parents, one DELETE per table per batch (what the foreign keys'
    // cascades would do row by row); the cascades still check each table and find nothing.
    private const string PurgeProcedure = """
        CREATE OR REPLACE PROCEDURE bench_purge(p_org uuid, p_channel uuid, p_cutoff timestamptz, p_batch int,
                                                INOUT o_rows bigint DEFAULT 0, INOUT o_batches int DEFAULT 0)
        LANGUAGE plpgsql AS $$
        DECLARE
          v_ids uuid[];
        BEGIN
          o_rows := 0; o_batches := 0;
          LOOP
            v_ids := ARRAY(SELECT id FROM conversations
                           WHERE organization_id = p_org AND channel_id = p_channel AND status = 'Deleted' AND deleted_at <= p_cutoff
                           ORDER BY deleted_at, id LIMIT p_batch);
            EXIT WHEN cardinality(v_ids) = 0;
            DELETE FROM message_views WHERE conversation_id = ANY (v_ids);
            DELETE FROM conversation_reads WHERE conversation_id = ANY (v_ids);
            DELETE FROM reminders WHERE conversation_id = ANY (v_ids);
            DELETE FROM attachments WHERE conversation_id = ANY (v_ids);
            DELETE FROM messages WHERE conversation_id = ANY (v_ids);
            DELETE FROM conversation_events WHERE conversation_id = ANY (v_ids);
            DELETE FROM conversation_tags WHERE conversation_id = ANY (v_ids);
            DELETE FROM conversations WHERE id = ANY (v_ids);
            o_rows := o_rows + cardinality(v_ids); o_batches := o_batches + 1;
            COMMIT;
          END LOOP;
        END $$
        """;

    public sealed record Result(TimeSpan Archive, long Archived, int ArchiveBatches, TimeSpan Purge, long Purged, int PurgeBatches)
    {
        public TimeSpan Total => Archive + Purge;
    }

    public static async Task<Result> RunAsync(string database, Guid organizationId, Guid channelId, DateTime now, string payload)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false, CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in (string[])[ArchiveProcedure, PurgeProcedure])
        {
            await using var create = new NpgsqlCommand(sql, connection);
            await create.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        await using var archive = new NpgsqlCommand("CALL bench_archive($1, $2, $3, $4, $5, $6)", connection)
        {
            Parameters =
            {
                new() { Value = organizationId }, new() { Value = channelId }, new() { Value = now - TimeSpan.FromDays(30) },
                new() { Value = now }, new() { Value = TransitionBatch }, new() { Value = payload },
            },
        };
        var (archived, archiveBatches) = await CallAsync(archive);
        var archiveTime = watch.Elapsed;

        watch.Restart();
        await using var purge = new NpgsqlCommand("CALL bench_purge($1, $2, $3, $4)", connection)
        {
            Parameters =
            {
                new() { Value = organizationId }, new() { Value = channelId }, new() { Value = now - TimeSpan.FromDays(30) }, new() { Value = PurgeBatch },
            },
        };
        var (purged, purgeBatches) = await CallAsync(purge);
        return new Result(archiveTime, archived, archiveBatches, watch.Elapsed, purged, purgeBatches);
    }

    private static async Task<(long Rows, int Batches)> CallAsync(NpgsqlCommand call)
    {
        await using var reader = await call.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt32(1));
    }
}
