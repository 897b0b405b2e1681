using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Problems;

namespace Parley.Conversations;

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
