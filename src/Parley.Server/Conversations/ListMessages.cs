using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

public sealed record MessageViewResponse(Guid UserId, DateTime ViewedAt);

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
    bool IsPinned,
    DateTime? ReadByContactAt,
    IReadOnlyList<MessageViewResponse> ViewedBy);

public sealed record EventResponse(Guid Id, ConversationEventType Type, ActorType ActorType, Guid? ActorUserId, string? Payload, DateTime CreatedAt);

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

/// <summary>A conversation's messages in time order, with delivery status and viewed timestamps.</summary>
public sealed class ListMessages(ParleyDbContext db, ConversationAccess access) : IHandler
{
    public async Task<Results<Ok<Page<MessageResponse>>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        if (!await (await access.VisibleAsync(cancellationToken)).AnyAsync(c => c.Id == id, cancellationToken))
            return Problem.NotFound("The conversation");
        var validation = new Validation();
        if (limit is < 1 or > PageRequest.MaxLimit)
            validation.Add("limit", $"'limit' must be between 1 and {PageRequest.MaxLimit}.");
        var after = TimeCursor.Decode(cursor, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var messages = db.Messages.AsNoTracking().Where(m => m.ConversationId == id);
        if (after is var (at, lastId))
            // ">= at" bounds the index scan at the cursor (see ListConversations).
            messages = messages.Where(m => m.CreatedAt >= at && (m.CreatedAt > at || (m.CreatedAt == at && m.Id.CompareTo(lastId) > 0)));
        var take = limit ?? PageRequest.DefaultLimit;
        var rows = await messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(take + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (rows.Count > take)
        {
            rows.RemoveAt(take);
            next = TimeCursor.Encode(rows[^1].CreatedAt, rows[^1].Id);
        }

        var ids = rows.Where(m => m.Direction == MessageDirection.In).Select(m => m.Id).ToList();
        var views = (await db.MessageViews.AsNoTracking().Where(v => ids.Contains(v.MessageId)).ToListAsync(cancellationToken))
            .ToLookup(v => v.MessageId, v => new MessageViewResponse(v.UserId, v.ViewedAt));
        return TypedResults.Ok(new Page<MessageResponse>(
            rows.ConvertAll(m => new MessageResponse(m.Id, m.Direction, m.Kind, m.AuthorType, m.AuthorUserId, m.Text, m.CreatedAt, m.DeliveryStatus,
                m.DeliveryError, m.IsPinned, m.ReadByContactAt, [.. views[m.Id].OrderBy(v => v.ViewedAt)])),
            next));
    }
}

/// <summary>A conversation's event trail in time order.</summary>
public sealed class ListEvents(ParleyDbContext db, ConversationAccess access) : IHandler
{
    public async Task<Results<Ok<Page<EventResponse>>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        if (!await (await access.VisibleAsync(cancellationToken)).AnyAsync(c => c.Id == id, cancellationToken))
            return Problem.NotFound("The conversation");
        var validation = new Validation();
        if (limit is < 1 or > PageRequest.MaxLimit)
            validation.Add("limit", $"'limit' must be between 1 and {PageRequest.MaxLimit}.");
        var after = TimeCursor.Decode(cursor, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var events = db.ConversationEvents.AsNoTracking().Where(e => e.ConversationId == id);
        if (after is var (at, lastId))
            events = events.Where(e => e.CreatedAt >= at && (e.CreatedAt > at || (e.CreatedAt == at && e.Id.CompareTo(lastId) > 0)));
        var take = limit ?? PageRequest.DefaultLimit;
        var rows = await events.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Take(take + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (rows.Count > take)
        {
            rows.RemoveAt(take);
            next = TimeCursor.Encode(rows[^1].CreatedAt, rows[^1].Id);
        }
        return TypedResults.Ok(new Page<EventResponse>(
            rows.ConvertAll(e => new EventResponse(e.Id, e.Type, e.ActorType, e.ActorUserId, e.Payload, e.CreatedAt)), next));
    }
}
