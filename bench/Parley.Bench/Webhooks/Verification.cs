using Npgsql;

namespace Parley.Bench.Webhooks;

/// <summary>
/// After the load, the rows must be exactly what the acknowledged webhooks imply, whatever order
/// and concurrency they arrived in: one message per provider id, one contact per phone, one
/// conversation per contact and channel, each outbound message at the furthest status it was sent.
/// </summary>
public static class Verification
{
    public static async Task<bool> CheckAsync(string connectionString, IEnumerable<LoadResult> runs)
    {
        var answered = runs.SelectMany(r => r.Answered()).Select(p => p.Webhook).ToList();
        var inbound = answered.Where(w => w.Kind is WebhookKind.Inbound or WebhookKind.Duplicate)
            .DistinctBy(w => (w.Sms, w.MessageId)).ToList();
        var perConversation = inbound.GroupBy(w => (Traffic.Phone(w.Contact), w.Sms)).ToDictionary(g => g.Key, g => g.Count());
        var expectedStatus = ExpectedStatuses(answered.Where(w => w.Kind == WebhookKind.Status));

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var ok = true;
        async Task Expect(string what, string sql, long expected)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var actual = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            var match = actual == expected;
            ok &= match;
            Console.WriteLine($"  {(match ? "ok" : "MISMATCH"),-8} {what}: {actual:N0}{(match ? "" : $", expected {expected:N0}")}");
        }

        await Expect("customer messages (= distinct provider ids acknowledged)", "SELECT count(*) FROM messages WHERE direction = 'In'", inbound.Count);
        await Expect("provider ids stored twice on a channel",
            "SELECT count(*) FROM (SELECT 1 FROM messages WHERE external_message_id IS NOT NULL GROUP BY channel_id, external_message_id HAVING count(*) > 1) d", 0);
        await Expect("contacts (= distinct phones)", "SELECT count(*) FROM contacts", inbound.Select(w => w.Contact).Distinct().Count());
        await Expect("conversations (= distinct phone and channel)", "SELECT count(*) FROM conversations", perConversation.Count);
        await Expect("conversations not Open", "SELECT count(*) FROM conversations WHERE status <> 'Open'", 0);
        await Expect("Created events (one per conversation)", "SELECT count(*) FROM conversation_events WHERE type = 'Created'", perConversation.Count);
        await Expect("opted-out contacts (= contacts that sent STOP)", "SELECT count(*) FROM contacts WHERE opted_out",
            inbound.Where(w => w.OptsOut).Select(w => w.Contact).Distinct().Count());
        await Expect("ContactOptedOut events (one per contact that sent STOP)", "SELECT count(*) FROM conversation_events WHERE type = 'ContactOptedOut'",
            inbound.Where(w => w.OptsOut).Select(w => w.Contact).Distinct().Count());
        await Expect("DeliveryFailed events (one per failed outbound message)", "SELECT count(*) FROM conversation_events WHERE type = 'DeliveryFailed'",
            expectedStatus.Values.Count(s => s == "Failed"));

        // Rows written by one transaction share its xmin: how many customer messages each commit carried.
        await using (var batches = new NpgsqlCommand(
            "SELECT sum(n)::bigint, count(*), max(n) FROM (SELECT count(*) AS n FROM messages WHERE direction = 'In' GROUP BY xmin::text) m", connection))
        await using (var reader = await batches.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Console.WriteLine($"  (info)   customer messages were written by {reader.GetInt64(1):N0} transactions: " +
                $"{(double)reader.GetInt64(0) / Math.Max(1, reader.GetInt64(1)):F1} per commit on average, at most {reader.GetInt64(2):N0}");
        }

        var wrongCounts = 0;
        await using (var command = new NpgsqlCommand(
            "SELECT k.phone, ch.type, count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN contacts k ON k.id = c.contact_id " +
            "JOIN channels ch ON ch.id = c.channel_id WHERE m.direction = 'In' GROUP BY k.phone, ch.type", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (perConversation.GetValueOrDefault((reader.GetString(0), reader.GetString(1) == "Sms")) != reader.GetInt64(2))
                    wrongCounts++;
            }
        }
        ok &= wrongCounts == 0;
        Console.WriteLine($"  {(wrongCounts == 0 ? "ok" : "MISMATCH"),-8} conversations holding another number of customer messages than were sent to them: {wrongCounts:N0}");

        var wrongStatuses = 0;
        await using (var command = new NpgsqlCommand("SELECT external_message_id, delivery_status FROM messages WHERE direction = 'Out'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (expectedStatus.GetValueOrDefault(reader.GetString(0), "Queued") != reader.GetString(1))
                    wrongStatuses++;
            }
        }
        ok &= wrongStatuses == 0;
        Console.WriteLine($"  {(wrongStatuses == 0 ? "ok" : "MISMATCH"),-8} outbound messages not at the furthest status acknowledged for them " +
            $"({expectedStatus.Count:N0} received statuses): {wrongStatuses:N0}");
        return ok;
    }

    // Statuses only move forward and failed is terminal, so whatever order they arrived in, the
    // result is the furthest one: the traffic never sends both read and failed for one message.
    private static Dictionary<string, string> ExpectedStatuses(IEnumerable<SignedWebhook> statuses)
    {
        string[] order = ["Queued", "Sent", "Delivered", "Read", "Failed"];
        var expected = new Dictionary<string, string>();
        foreach (var status in statuses)
        {
            var name = char.ToUpperInvariant(status.Status![0]) + status.Status[1..];
            var current = expected.GetValueOrDefault(status.MessageId, "Queued");
            if (Array.IndexOf(order, name) > Array.IndexOf(order, current))
                expected[status.MessageId] = name;
        }
        return expected;
    }
}
