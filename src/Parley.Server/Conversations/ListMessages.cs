using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Conversations;

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
