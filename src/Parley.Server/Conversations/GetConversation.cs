using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>
/// Opens a conversation: it becomes read for the caller only (an admin looking into an agent's
/// inbox leaves the agent's state alone), and the first time the caller sees each customer
/// message is recorded for the "viewed" indicator.
/// </summary>
public sealed class GetConversation(ParleyDbContext db, ConversationAccess access, ConversationViews views, ILiveBus live, CurrentUser me, TimeProvider clock) : IHandler
{
    public async Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        var conversation = await (await access.VisibleAsync(cancellationToken)).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conversation is null)
            return Problem.NotFound("The conversation");

        var now = clock.GetUtcNow().UtcDateTime;
        var wasUnread = await MarkReadAsync(db, id, conversation.LastInboundAt, me.Id, now, cancellationToken);
        await RecordViewsAsync(id, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same user opened it twice at once; the other request recorded the same facts.
            db.ChangeTracker.Clear();
        }
        if (wasUnread)
            await live.PublishAsync(LiveNotices.For(conversation, LiveEvent.ReadChanged, me.Id, new Dictionary<string, object?> { ["read"] = true }), cancellationToken);

        return TypedResults.Ok((await views.DetailAsync(id, cancellationToken))!);
    }

    /// <returns>Whether it was unread for the user before. Re-opening a read conversation writes nothing.</returns>
    internal static async Task<bool> MarkReadAsync(ParleyDbContext db, Guid conversationId, DateTime? lastInboundAt, Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        var read = await db.ConversationReads.SingleOrDefaultAsync(r => r.ConversationId == conversationId && r.UserId == userId, cancellationToken);
        var wasUnread = ConversationRead.IsUnread(lastInboundAt, read?.ReadAt, read?.MarkedUnread ?? false);
        if (read is not null && !wasUnread)
            return false;
        if (read is null)
            db.ConversationReads.Add(read = new ConversationRead(conversationId, userId));
        read.MarkRead(now);
        return wasUnread;
    }

    private async Task RecordViewsAsync(Guid conversationId, DateTime now, CancellationToken cancellationToken)
    {
        var userId = me.Id;
        var unseen = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.In
                && !db.MessageViews.Any(v => v.MessageId == m.Id && v.UserId == userId))
            .Select(m => m.Id)
            .ToListAsync(cancellationToken);
        db.MessageViews.AddRange(unseen.Select(messageId => MessageView.First(messageId, userId, conversationId, now)));
    }
}
