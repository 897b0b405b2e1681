using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Conversations;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Privacy;

/// <summary>
/// DELETE /api/v1/messages/{id}: erases one message, its attachments (files too) and who viewed
/// it. The row goes rather than staying as an emptied tombstone: the conversation's trail shows a
/// MessageDeleted event (who, when, which message id) in its place, which is all that can honestly
/// be shown, and no column is left that could still hold the text.
/// </summary>
public sealed class DeleteMessage(ParleyDbContext db, ConversationAccess access, ConversationPurge purge, CurrentUser me, TimeProvider clock)
    : IHandler
{
    public async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var conversationId = await db.Messages.Where(m => m.Id == id).Select(m => (Guid?)m.ConversationId).SingleOrDefaultAsync(cancellationToken);
            var conversation = conversationId is { } found ? await access.FindAsync(found, cancellationToken) : null;
            if (conversation is null)
                return Problem.NotFound("The message");

            await purge.RecordFilesAsync(db.Attachments.Where(a => a.MessageId == id), now, cancellationToken);
            await db.MessageViews.Where(v => v.MessageId == id).ExecuteDeleteAsync(cancellationToken);
            await db.Attachments.Where(a => a.MessageId == id).ExecuteDeleteAsync(cancellationToken);
            await db.Messages.Where(m => m.Id == id).ExecuteDeleteAsync(cancellationToken);
            var newest = await db.Messages.Where(m => m.ConversationId == conversation.Id && m.Kind == MessageKind.Message)
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => m.Text).FirstOrDefaultAsync(cancellationToken);
            conversation.RecordMessageDeleted(id, newest, EventActor.Of(me), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await purge.FinishErasureAsync();
        return TypedResults.NoContent();
    }
}
