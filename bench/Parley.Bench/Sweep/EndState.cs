using Npgsql;

namespace Parley.Bench.Sweep;

/// <summary>
/// What a sweep leaves, as figures two databases can be compared by: conversations per status and a
/// digest of every remaining conversation's id, status, previous status and version (so the same
/// conversations moved, not merely as many), rows per child table, and events per type and payload.
/// </summary>
public static class EndState
{
    public static async Task<SortedDictionary<string, string>> ReadAsync(string database, bool digest)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false, CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        var figures = new SortedDictionary<string, string>(StringComparer.Ordinal);
        async Task AddAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                figures[reader.GetString(0)] = reader.GetValue(1).ToString()!;
        }
        await AddAsync("SELECT 'conversations ' || status, count(*) FROM conversations GROUP BY status");
        await AddAsync("""
            SELECT 'rows ' || t, n FROM (
                SELECT 'conversations' AS t, count(*) AS n FROM conversations
                UNION ALL SELECT 'messages', count(*) FROM messages
                UNION ALL SELECT 'message_views', count(*) FROM message_views
                UNION ALL SELECT 'conversation_reads', count(*) FROM conversation_reads
                UNION ALL SELECT 'conversation_events', count(*) FROM conversation_events) AS counts
            """);
        await AddAsync("SELECT 'events ' || type || ' ' || coalesce(payload, '-'), count(*) FROM conversation_events GROUP BY type, payload");
        if (digest)
            await AddAsync("""
                SELECT 'conversations digest', md5(string_agg(id::text || ':' || status || ':' || coalesce(previous_status, '') || ':' || version, ',' ORDER BY id))
                FROM conversations
                """);
        return figures;
    }
}
