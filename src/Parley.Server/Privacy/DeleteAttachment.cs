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
/// DELETE /api/v1/attachments/{id}: erases one attachment, its row and its file. One on a message
/// leaves an AttachmentDeleted event (who, when, which attachment and message; not the file name,
/// which the sender chose and may be personal). An upload never sent has no conversation to tell.
/// </summary>
public sealed class DeleteAttachment(ParleyDbContext db, ConversationAccess access, ConversationPurge purge, CurrentUser me, TimeProvider clock)
    : IHandler
{
    public async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var attachment = await db.Attachments.Where(a => a.Id == id).Select(a => new { a.ConversationId, a.MessageId }).SingleOrDefaultAsync(cancellationToken);
            if (attachment is null)
                return Problem.NotFound("The attachment");
            Conversation? conversation = null;
            if (attachment.ConversationId is { } conversationId && (conversation = await access.FindAsync(conversationId, cancellationToken)) is null)
                return Problem.NotFound("The attachment");

            await purge.RecordFilesAsync(db.Attachments.Where(a => a.Id == id), now, cancellationToken);
            await db.Attachments.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken);
            conversation?.RecordAttachmentDeleted(id, attachment.MessageId, EventActor.Of(me), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await purge.FinishErasureAsync();
        return TypedResults.NoContent();
    }
}
