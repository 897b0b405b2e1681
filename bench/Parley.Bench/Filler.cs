using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Parley.Bench;

/// <summary>What the measurements need to know about the data that was loaded.</summary>
public sealed record FilledData(
    Guid OrganizationId,
    IReadOnlyList<Guid> Users,
    int Contacts,
    IReadOnlyList<Guid> BigConversations,
    long Messages);

/// <summary>
/// Fills the organisation with a year of history by binary COPY, never through the API: ten
/// million messages through HTTP would take hours and measure ingestion, not reading.
/// </summary>
/// <param name="statuses">Passed to <see cref="Plan"/>: each conversation's status, instead of the read bench's mix.</param>
public sealed class Filler(string connectionString, BenchOptions options, TimeProvider clock, Func<Plan, Func<int, ConversationState>>? statuses = null)
{
    public const int BigConversationMessages = 200;
    private const int BigConversationCount = 50;
    // 13 months of history, ending a day ago so no message lies in the future.
    private static readonly TimeSpan History = TimeSpan.FromDays(395);
    internal static readonly TimeSpan MessageGap = TimeSpan.FromMinutes(2);

    /// <param name="referenceCopy">Also time the reference-style COPY of REFERENCE.md (about 20 s more).</param>
    public async Task<FilledData> FillAsync(bool referenceCopy)
    {
        await using var connection = await OpenAsync();
        var organizationId = await Sql.ScalarAsync<Guid>(connection, "SELECT id FROM organizations");
        var users = new List<Guid>();
        await using (var command = new NpgsqlCommand("SELECT id FROM users ORDER BY created_at, id", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                users.Add(reader.GetGuid(0));
        }
        var channelId = await EnsureApiChannelAsync(connection, organizationId);

        var end = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var start = end - History;
        var plan = new Plan(options, start, end, statuses);

        await LoadAsync("contacts", "id, organization_id, name, search_name, phone, email, external_id, opted_out, created_at, updated_at",
            options.Contacts, writer => WriteContactsAsync(writer, organizationId, plan));
        await LoadAsync("conversations",
            "id, organization_id, contact_id, channel_id, status, previous_status, is_spam, assignee_id, team_id, subject, priority, " +
            "created_at, last_activity_at, last_inbound_at, first_reply_at, last_message_preview, version, deleted_from, deleted_at",
            options.Conversations, writer => WriteConversationsAsync(writer, organizationId, channelId, users, plan));
        var messages = await LoadAsync("messages",
            "id, organization_id, conversation_id, channel_id, direction, kind, author_type, author_user_id, text, external_message_id, " +
            "delivery_status, delivery_error, is_pinned, created_at, read_at",
            plan.TotalMessages, writer => WriteMessagesAsync(writer, organizationId, channelId, users, plan, 0, options.Conversations, "bench"));

        // Read state as a year of use leaves it: each assignee has opened their conversations and
        // seen every customer message in them. Without these rows the read-state joins of the
        // inbox and of opening a conversation run against near-empty tables and look free.
        await LoadAsync("conversation_reads", "conversation_id, user_id, organization_id, read_at, marked_unread",
            plan.Conversations, writer => WriteReadsAsync(writer, organizationId, users, plan));
        await LoadAsync("message_views", "message_id, user_id, organization_id, conversation_id, viewed_at",
            plan.InboundMessages, writer => WriteViewsAsync(writer, organizationId, users, plan));

        if (referenceCopy)
            await CompareWithReferenceCopyAsync(organizationId, channelId, users, plan);

        // VACUUM sets the visibility map (index-only scans) and hint bits now, so the first
        // measured requests do not pay for them; ANALYZE gives the planner the real distribution.
        foreach (var table in (string[])["contacts", "conversations", "messages", "conversation_reads", "message_views", "users", "api_tokens", "channels"])
        {
            var watch = Stopwatch.StartNew();
            await Sql.ExecuteAsync(connection, $"VACUUM (ANALYZE) {table}");
            Console.WriteLine($"  vacuum analyze {table,-18} {watch.Elapsed.TotalSeconds,7:F1} s");
        }
        await Sql.ExecuteAsync(connection, "CHECKPOINT");

        var big = new List<Guid>();
        for (var i = 0; i < options.Conversations; i++)
        {
            if (plan.IsBig(i))
                big.Add(plan.ConversationId(i));
        }
        return new FilledData(organizationId, users, options.Contacts, big, messages);
    }

    /// <summary>What an earlier run loaded into this database (for --reuse).</summary>
    public async Task<FilledData> DescribeAsync()
    {
        await using var connection = await OpenAsync();
        var organizationId = await Sql.ScalarAsync<Guid>(connection, "SELECT id FROM organizations");
        var users = new List<Guid>();
        await using (var command = new NpgsqlCommand("SELECT id FROM users ORDER BY created_at, id", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                users.Add(reader.GetGuid(0));
        }
        var contacts = (int)await Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM contacts");
        // The fill sets version to the number of messages, so the long conversations are these.
        var big = new List<Guid>();
        await using (var command = new NpgsqlCommand($"SELECT id FROM conversations WHERE version = {BigConversationMessages} ORDER BY id", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                big.Add(reader.GetGuid(0));
        }
        var messages = await Sql.ScalarAsync<long>(connection, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'messages'");
        return new FilledData(organizationId, users, contacts, big, messages);
    }

    /// <summary>
    /// The same work as shared/reference/pg-limit's "(b) COPY 1,000,000 message rows" (indexes and
    /// the foreign key live during the COPY), on this run's machine, into a scratch copy of the
    /// messages table that is dropped afterwards: the fill's own rate is not comparable with the
    /// reference because the fill drops indexes first.
    /// </summary>
    private async Task CompareWithReferenceCopyAsync(Guid organizationId, Guid channelId, List<Guid> users, Plan plan)
    {
        const int probeRows = 1_000_000;
        var conversations = Math.Min(options.Conversations, probeRows / Math.Max(1, options.MessagesPerConversation));
        await using var connection = await OpenAsync();
        await Sql.ExecuteAsync(connection, """
            DROP TABLE IF EXISTS bench_copy_probe;
            CREATE TABLE bench_copy_probe (LIKE messages INCLUDING ALL);
            ALTER TABLE bench_copy_probe ADD FOREIGN KEY (conversation_id) REFERENCES conversations (id);
            """);
        var watch = Stopwatch.StartNew();
        long rows;
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY bench_copy_probe (id, organization_id, conversation_id, channel_id, direction, kind, author_type, author_user_id, text, " +
            "external_message_id, delivery_status, delivery_error, is_pinned, created_at, read_at) FROM STDIN (FORMAT BINARY)"))
        {
            rows = await WriteMessagesAsync(writer, organizationId, channelId, users, plan, 0, conversations, "probe");
            await writer.CompleteAsync();
        }
        var seconds = watch.Elapsed.TotalSeconds;
        await Sql.ExecuteAsync(connection, "DROP TABLE bench_copy_probe");
        Console.WriteLine($"  reference-style COPY: {rows:N0} messages with PK, unique, 2 more indexes and FK live: {seconds:F1} s = {rows / seconds:N0} rows/s " +
            "(REFERENCE.md: 1,000,000 rows in 24-31 s with PK, unique, 1 index, FK)");
    }

    private async Task<long> LoadAsync(string table, string columns, long expected, Func<NpgsqlBinaryImporter, Task<long>> write)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // One transaction per table: if anything fails, the table keeps its indexes and keys.
        await Sql.ExecuteAsync(connection, "SET LOCAL maintenance_work_mem = '1GB'");

        var indexes = await PairsAsync(connection, """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = @table::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """, table);
        var foreignKeys = await PairsAsync(connection, """
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = @table::regclass AND contype = 'f'
            """, table);
        // The primary key stays: ids are time-ordered, so it only ever grows at its right edge.
        // Secondary indexes are cheaper built once from sorted data than maintained row by row,
        // and a foreign key checks per row during COPY but with one join when added back.
        foreach (var (name, _) in foreignKeys)
            await Sql.ExecuteAsync(connection, $"ALTER TABLE {table} DROP CONSTRAINT {name}");
        foreach (var (name, _) in indexes)
            await Sql.ExecuteAsync(connection, $"DROP INDEX {name}");

        var watch = Stopwatch.StartNew();
        long rows;
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"))
        {
            rows = await write(writer);
            await writer.CompleteAsync();
        }
        var copy = watch.Elapsed;
        if (rows != expected)
            throw new InvalidOperationException($"{table}: wrote {rows} rows, planned {expected}.");

        watch.Restart();
        foreach (var (_, definition) in indexes)
            await Sql.ExecuteAsync(connection, definition);
        var index = watch.Elapsed;
        watch.Restart();
        foreach (var (name, definition) in foreignKeys)
            await Sql.ExecuteAsync(connection, $"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}");
        var keys = watch.Elapsed;
        watch.Restart();
        await transaction.CommitAsync();
        var commit = watch.Elapsed;

        var total = copy + index + keys + commit;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {table,-18} {rows,12:N0} rows: COPY {copy.TotalSeconds,6:F1} s ({rows / copy.TotalSeconds,9:N0} rows/s), " +
            $"{indexes.Count} indexes {index.TotalSeconds,5:F1} s, {foreignKeys.Count} FKs {keys.TotalSeconds,5:F1} s, commit {commit.TotalSeconds:F1} s; " +
            $"overall {total.TotalSeconds,6:F1} s = {rows / total.TotalSeconds:N0} rows/s"));
        return rows;
    }

    private static async Task<long> WriteContactsAsync(NpgsqlBinaryImporter writer, Guid organizationId, Plan plan)
    {
        var random = new Random(1);
        for (var j = 0; j < plan.Contacts; j++)
        {
            var first = SampleData.FirstNames[random.Next(SampleData.FirstNames.Length)];
            var last = SampleData.LastNames[random.Next(SampleData.LastNames.Length)];
            var name = $"{first} {last}";
            var at = plan.ContactCreatedAt(j);
            await writer.StartRowAsync();
            await writer.WriteAsync(plan.ContactId(j), NpgsqlDbType.Uuid);
            await writer.WriteAsync(organizationId, NpgsqlDbType.Uuid);
            await writer.WriteAsync(name, NpgsqlDbType.Varchar);
            await writer.WriteAsync(name.Trim().ToLowerInvariant(), NpgsqlDbType.Varchar);
            await writer.WriteAsync(Plan.Phone(j), NpgsqlDbType.Varchar);
            if (j % 2 == 0)
                await writer.WriteAsync($"{first}.{last}{j}@example.com".ToLowerInvariant(), NpgsqlDbType.Varchar);
            else
                await writer.WriteNullAsync();
            await writer.WriteNullAsync();
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
        }
        return plan.Contacts;
    }

    private static async Task<long> WriteConversationsAsync(NpgsqlBinaryImporter writer, Guid organizationId, Guid channelId, List<Guid> users, Plan plan)
    {
        for (var i = 0; i < plan.Conversations; i++)
        {
            var c = plan.Conversation(i, users);
            await writer.StartRowAsync();
            await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(organizationId, NpgsqlDbType.Uuid);
            await writer.WriteAsync(plan.ContactId(i % plan.Contacts), NpgsqlDbType.Uuid);
            await writer.WriteAsync(channelId, NpgsqlDbType.Uuid);
            await writer.WriteAsync(c.State.Status, NpgsqlDbType.Varchar);
            await WriteNullableAsync(writer, c.State.PreviousStatus);
            await writer.WriteAsync(c.State.IsSpam, NpgsqlDbType.Boolean);
            await writer.WriteAsync(c.Assignee, NpgsqlDbType.Uuid);
            await writer.WriteNullAsync(); // team_id
            await writer.WriteNullAsync(); // subject
            await writer.WriteAsync("Normal", NpgsqlDbType.Varchar);
            await writer.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(c.LastActivityAt, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(c.LastInboundAt, NpgsqlDbType.TimestampTz);
            if (c.Messages > 1)
                await writer.WriteAsync(c.CreatedAt + MessageGap, NpgsqlDbType.TimestampTz);
            else
                await writer.WriteNullAsync();
            await writer.WriteAsync(c.Preview, NpgsqlDbType.Varchar);
            await writer.WriteAsync(c.Messages, NpgsqlDbType.Integer);
            await WriteNullableAsync(writer, c.State.DeletedFrom);
            if (c.State.DeletedAt is { } deletedAt)
                await writer.WriteAsync(deletedAt, NpgsqlDbType.TimestampTz);
            else
                await writer.WriteNullAsync();
        }
        return plan.Conversations;
    }

    private static async Task<long> WriteMessagesAsync(NpgsqlBinaryImporter writer, Guid organizationId, Guid channelId, List<Guid> users, Plan plan,
        int from, int to, string externalPrefix)
    {
        long rows = 0;
        for (var i = from; i < to; i++)
        {
            var c = plan.Conversation(i, users);
            var conversationId = c.Id;
            for (var k = 0; k < c.Messages; k++)
            {
                var at = c.CreatedAt + k * MessageGap;
                var inbound = k % 2 == 0;
                var note = !inbound && k % 7 == 5;
                await writer.StartRowAsync();
                await writer.WriteAsync(externalPrefix == "bench" ? Plan.MessageId(at, i, k) : Guid.CreateVersion7(new DateTimeOffset(at)), NpgsqlDbType.Uuid);
                await writer.WriteAsync(organizationId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(conversationId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(channelId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(inbound ? "In" : "Out", NpgsqlDbType.Varchar);
                await writer.WriteAsync(note ? "Note" : "Message", NpgsqlDbType.Varchar);
                await writer.WriteAsync(inbound ? "Contact" : "User", NpgsqlDbType.Varchar);
                if (inbound)
                    await writer.WriteNullAsync();
                else
                    await writer.WriteAsync(c.Assignee ?? users[0], NpgsqlDbType.Uuid);
                await writer.WriteAsync(Plan.Text(i, k, inbound, note), NpgsqlDbType.Varchar);
                if (inbound)
                    await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{externalPrefix}-{i}-{k}"), NpgsqlDbType.Varchar);
                else
                    await writer.WriteNullAsync();
                if (inbound || note)
                    await writer.WriteNullAsync();
                else
                    await writer.WriteAsync(k + 2 < c.Messages ? "Read" : "Delivered", NpgsqlDbType.Varchar);
                await writer.WriteNullAsync(); // delivery_error
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await writer.WriteNullAsync(); // read_at
                rows++;
            }
        }
        return rows;
    }

    private static async Task<long> WriteReadsAsync(NpgsqlBinaryImporter writer, Guid organizationId, List<Guid> users, Plan plan)
    {
        for (var i = 0; i < plan.Conversations; i++)
        {
            var c = plan.Conversation(i, users);
            await writer.StartRowAsync();
            await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(c.Assignee!.Value, NpgsqlDbType.Uuid);
            await writer.WriteAsync(organizationId, NpgsqlDbType.Uuid);
            await writer.WriteAsync(c.LastActivityAt + TimeSpan.FromMinutes(1), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
        }
        return plan.Conversations;
    }

    private static async Task<long> WriteViewsAsync(NpgsqlBinaryImporter writer, Guid organizationId, List<Guid> users, Plan plan)
    {
        long rows = 0;
        for (var i = 0; i < plan.Conversations; i++)
        {
            var c = plan.Conversation(i, users);
            for (var k = 0; k < c.Messages; k += 2) // the inbound ones
            {
                var at = c.CreatedAt + k * MessageGap;
                await writer.StartRowAsync();
                await writer.WriteAsync(Plan.MessageId(at, i, k), NpgsqlDbType.Uuid);
                await writer.WriteAsync(c.Assignee!.Value, NpgsqlDbType.Uuid);
                await writer.WriteAsync(organizationId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(at + TimeSpan.FromMinutes(1), NpgsqlDbType.TimestampTz);
                rows++;
            }
        }
        return rows;
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value) =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value, NpgsqlDbType.Varchar);

    private async Task<Guid> EnsureApiChannelAsync(NpgsqlConnection connection, Guid organizationId)
    {
        // No channels endpoint yet: the one API channel every conversation arrives on is a row.
        await using var command = new NpgsqlCommand("""
            INSERT INTO channels (id, organization_id, type, name, team_id, is_active, created_at)
            SELECT @id, @org, 'Api', 'Bench API', NULL, true, @now
            WHERE NOT EXISTS (SELECT 1 FROM channels WHERE organization_id = @org AND type = 'Api');
            SELECT id FROM channels WHERE organization_id = @org AND type = 'Api' ORDER BY created_at LIMIT 1;
            """, connection);
        var now = clock.GetUtcNow();
        command.Parameters.AddWithValue("id", Guid.CreateVersion7(now));
        command.Parameters.AddWithValue("org", organizationId);
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    private Task<NpgsqlConnection> OpenAsync() => Sql.OpenAsync(connectionString);

    private static async Task<List<(string Name, string Definition)>> PairsAsync(NpgsqlConnection connection, string sql, string table)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("table", table);
        var pairs = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        return pairs;
    }
}
