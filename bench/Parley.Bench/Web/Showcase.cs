using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Parley.Bench.Web;

/// <summary>
/// One of the fill's 200-message conversations, put where an agent would click it: open, assigned
/// to the admin and the newest in the inbox, so it is the first row of My Inbox. The fill places the
/// long conversations evenly over the year (the newest is days old, behind thousands of newer ones)
/// and the read bench's figures depend on that, so the fill itself stays as it is; this one row is
/// changed for the run and put back afterwards.
/// </summary>
public sealed class Showcase
{
    private readonly string _connectionString;
    private readonly object?[] _original;

    private Showcase(string connectionString, Guid id, object?[] original, string lastMessageAt, int messages)
    {
        _connectionString = connectionString;
        Id = id;
        _original = original;
        LastMessageAt = lastMessageAt;
        Messages = messages;
    }

    public Guid Id { get; }
    /// <summary>The last message's createdAt exactly as the API writes it (the timeline renders it as time[datetime]).</summary>
    public string LastMessageAt { get; }
    public int Messages { get; }

    public static async Task<Showcase> PrepareAsync(string connectionString, FilledData data, HttpClient api)
    {
        if (data.BigConversations.Count == 0)
            throw new InvalidOperationException($"The database holds no conversation of {Filler.BigConversationMessages} messages.");
        var id = data.BigConversations[^1];
        await using var connection = await Sql.OpenAsync(connectionString);
        object?[] original;
        await using (var read = new NpgsqlCommand(
            "SELECT status, previous_status, is_spam, deleted_from, deleted_at, assignee_id, team_id, last_activity_at FROM conversations WHERE id = @id", connection))
        {
            read.Parameters.AddWithValue("id", id);
            await using var reader = await read.ExecuteReaderAsync();
            await reader.ReadAsync();
            original = new object?[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
                original[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }
        await using (var update = new NpgsqlCommand("""
            UPDATE conversations
            SET status = 'Open', previous_status = NULL, is_spam = false, deleted_from = NULL, deleted_at = NULL, team_id = NULL,
                assignee_id = (SELECT id FROM users WHERE email = @email),
                last_activity_at = (SELECT max(last_activity_at) FROM conversations) + interval '1 second'
            WHERE id = @id
            """, connection))
        {
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("email", Organisation.AdminEmail);
            await update.ExecuteNonQueryAsync();
        }

        using var response = await api.GetAsync($"/api/v1/conversations/{id}/messages?limit={Filler.BigConversationMessages}");
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = body.RootElement.GetProperty("items");
        var count = items.GetArrayLength();
        var last = items[count - 1].GetProperty("createdAt").GetString()!;
        return new Showcase(connectionString, id, original, last, count);
    }

    /// <summary>Unread for the admin again, so the next open is a first open (it marks the conversation read).</summary>
    public async Task MarkUnreadAsync(HttpClient api)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { Id }, read = false });
        response.EnsureSuccessStatusCode();
    }

    public async Task RestoreAsync()
    {
        await using var connection = await Sql.OpenAsync(_connectionString);
        await using var update = new NpgsqlCommand("""
            UPDATE conversations
            SET status = @status, previous_status = @previous, is_spam = @spam, deleted_from = @deletedFrom, deleted_at = @deletedAt,
                assignee_id = @assignee, team_id = @team, last_activity_at = @lastActivity
            WHERE id = @id
            """, connection);
        string[] names = ["status", "previous", "spam", "deletedFrom", "deletedAt", "assignee", "team", "lastActivity"];
        for (var i = 0; i < names.Length; i++)
            update.Parameters.AddWithValue(names[i], _original[i] ?? DBNull.Value);
        update.Parameters.AddWithValue("id", Id);
        await update.ExecuteNonQueryAsync();
    }
}
