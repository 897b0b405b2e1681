using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

public sealed record MessageViewResponse(Guid UserId, DateTime ViewedAt);

/// <param name="SentAt">When each delivery step was reported; a step never reported (a read receipt
/// without a delivery receipt) stays null.</param>
/// <param name="QueuedReason">For a reply still queued: why it waits; <paramref name="ScheduledFor"/> is when it
/// will next be tried (the channel's next opening, the next retry), null when that is not a time.</param>
public sealed record MessageResponse(
    Guid Id,
    MessageDirection Direction,
    MessageKind Kind,
    ActorType AuthorType,
    Guid? AuthorUserId,
    string Text,
    DateTime CreatedAt,
    DeliveryStatus? DeliveryStatus,
    string? DeliveryError,
    DateTime? SentAt,
    DateTime? DeliveredAt,
    DateTime? ReadAt,
    DateTime? FailedAt,
    Channels.QueuedReason? QueuedReason,
    DateTime? ScheduledFor,
    bool IsPinned,
    IReadOnlyList<MessageViewResponse> ViewedBy,
    IReadOnlyList<Attachments.AttachmentResponse> Attachments)
{
    public static MessageResponse Of(Message m, Channels.QueueState? queue, IReadOnlyList<MessageViewResponse> viewedBy, IReadOnlyList<Attachments.AttachmentResponse> attachments) =>
        new(m.Id, m.Direction, m.Kind, m.AuthorType, m.AuthorUserId, m.Text, m.CreatedAt, m.DeliveryStatus, m.DeliveryError,
            m.SentAt, m.DeliveredAt, m.ReadAt, m.FailedAt, queue?.Reason, queue?.ScheduledFor, m.IsPinned, viewedBy, attachments);
}

/// <param name="Payload">The event's details (from/to, tag, message id…) as a JSON object; <c>{}</c> when it has none.</param>
/// <param name="ActorToken">The API token the change was made through, if any.</param>
public sealed record EventResponse(Guid Id, ConversationEventType Type, ActorType ActorType, Guid? ActorUserId, JsonObject Payload, DateTime CreatedAt,
    ActorTokenResponse? ActorToken)
{
    public static EventResponse Of(ConversationEvent e) => new(e.Id, e.Type, e.ActorType, e.ActorUserId, PayloadOf(e.Payload), e.CreatedAt,
        e.ActorTokenId is { } tokenId ? new ActorTokenResponse(tokenId, e.ActorTokenName ?? "") : null);

    // Stored as text (one column on both databases); always answered as an object so clients never
    // parse a string holding JSON. Every payload is written as an object; anything else is kept under "value".
    private static JsonObject PayloadOf(string? stored) =>
        stored is null ? [] : JsonNode.Parse(stored) switch
        {
            JsonObject payload => payload,
            null => [],
            var other => new JsonObject { ["value"] = other },
        };
}

/// <summary>The API token an event was made through (its name as it was then: a revoked token's row is gone).</summary>
public sealed record ActorTokenResponse(Guid Id, string Name);

/// <summary>Keyset positions for lists in time order: (created_at, id) of the last row.</summary>
internal static class TimeCursor
{
    public static string Encode(DateTime at, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.Ticks.ToString(CultureInfo.InvariantCulture)}:{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (DateTime At, Guid Id)? Decode(string? cursor, Validation validation)
    {
        if (string.IsNullOrEmpty(cursor))
            return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=')));
            var parts = text.Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks) && ticks is >= 0 and <= 3155378975999999999 && Guid.TryParse(parts[1], out var id))
                return (new DateTime(ticks, DateTimeKind.Utc), id);
        }
        catch (FormatException)
        {
        }
        validation.Add("cursor", "'cursor' is not a cursor this list returned.");
        return null;
    }
}

/// <summary>A row of a conversation kept in time order: its messages, its events.</summary>
public interface ITimeOrdered
{
    Guid Id { get; }
    Guid ConversationId { get; }
    DateTime CreatedAt { get; }
}

/// <summary>
/// One page of a visible conversation's rows in time order, oldest first (the default) or newest
/// first, keyset-paged on (created_at, id): either way the (conversation_id, created_at, id) index
/// is walked from the cursor, forwards or backwards.
/// </summary>
public sealed class ConversationTimeline(ConversationAccess access)
{
    public const string Oldest = "oldest";
    public const string Newest = "newest";

    public async Task<Results<Ok<Page<T>>, ValidationProblem, ProblemHttpResult>> PageAsync<T>(
        IQueryable<T> rows, Guid conversationId, string? cursor, int? limit, string? order, CancellationToken cancellationToken)
        where T : class, ITimeOrdered
    {
        if (!await (await access.VisibleAsync(cancellationToken)).AnyAsync(c => c.Id == conversationId, cancellationToken))
            return Problem.NotFound("The conversation");
        var validation = new Validation();
        if (limit is < 1 or > PageRequest.MaxLimit)
            validation.Add("limit", $"'limit' must be between 1 and {PageRequest.MaxLimit}.");
        var direction = order?.ToLowerInvariant() ?? Oldest;
        if (direction is not (Oldest or Newest))
            validation.Add("order", $"'order' must be '{Oldest}' or '{Newest}'.");
        var newestFirst = direction == Newest;
        var after = TimeCursor.Decode(cursor, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        rows = rows.AsNoTracking().Where(r => r.ConversationId == conversationId);
        // The redundant bound on created_at alone starts the index scan at the cursor (see ListConversations).
        if (after is var (at, lastId))
        {
            rows = newestFirst
                ? rows.Where(r => r.CreatedAt <= at && (r.CreatedAt < at || (r.CreatedAt == at && r.Id.CompareTo(lastId) < 0)))
                : rows.Where(r => r.CreatedAt >= at && (r.CreatedAt > at || (r.CreatedAt == at && r.Id.CompareTo(lastId) > 0)));
        }
        var ordered = newestFirst
            ? rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            : rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id);
        var take = limit ?? PageRequest.DefaultLimit;
        var page = await ordered.Take(take + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (page.Count > take)
        {
            page.RemoveAt(take);
            next = TimeCursor.Encode(page[^1].CreatedAt, page[^1].Id);
        }
        return TypedResults.Ok(new Page<T>(page, next));
    }
}

/// <summary>A conversation's messages in time order (or newest first), with delivery status and viewed timestamps.</summary>
public sealed class ListMessages(ParleyDbContext db, ConversationTimeline timeline, Channels.QueuedReplies queue) : IHandler
{
    public async Task<Results<Ok<Page<MessageResponse>>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, string? cursor, int? limit, string? order, CancellationToken cancellationToken)
    {
        var result = await timeline.PageAsync(db.Messages, id, cursor, limit, order, cancellationToken);
        if (result.Result is not Ok<Page<Message>> { Value: { } page })
            return result.Result switch { ValidationProblem invalid => invalid, ProblemHttpResult problem => problem, _ => throw new InvalidOperationException() };

        var ids = page.Items.Where(m => m.Direction == MessageDirection.In).Select(m => m.Id).ToList();
        var views = (await db.MessageViews.AsNoTracking().Where(v => ids.Contains(v.MessageId)).ToListAsync(cancellationToken))
            .ToLookup(v => v.MessageId, v => new MessageViewResponse(v.UserId, v.ViewedAt));
        // Files hang off the messages of this page; the index on (message_id, created_at) finds them.
        var messageIds = page.Items.Select(m => m.Id).ToList();
        var files = (await db.Attachments.AsNoTracking().Where(a => a.MessageId != null && messageIds.Contains(a.MessageId.Value))
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken))
            .ToLookup(a => a.MessageId!.Value, Attachments.AttachmentResponse.Of);
        var queued = await queue.ExplainAsync(page.Items, cancellationToken);
        return TypedResults.Ok(new Page<MessageResponse>(
            [.. page.Items.Select(m => MessageResponse.Of(m, queued.TryGetValue(m.Id, out var state) ? state : null,
                [.. views[m.Id].OrderBy(v => v.ViewedAt)], [.. files[m.Id]]))],
            page.NextCursor));
    }
}

/// <summary>A conversation's event trail in time order (or newest first).</summary>
public sealed class ListEvents(ParleyDbContext db, ConversationTimeline timeline) : IHandler
{
    public async Task<Results<Ok<Page<EventResponse>>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, string? cursor, int? limit, string? order, CancellationToken cancellationToken)
    {
        var result = await timeline.PageAsync(db.ConversationEvents, id, cursor, limit, order, cancellationToken);
        if (result.Result is not Ok<Page<ConversationEvent>> { Value: { } page })
            return result.Result switch { ValidationProblem invalid => invalid, ProblemHttpResult problem => problem, _ => throw new InvalidOperationException() };
        return TypedResults.Ok(new Page<EventResponse>(
            [.. page.Items.Select(EventResponse.Of)], page.NextCursor));
    }
}
