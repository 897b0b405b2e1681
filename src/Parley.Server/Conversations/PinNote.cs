using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Attachments;
using Parley.Audit;
using Parley.Contacts;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>Pins or unpins an internal note.</summary>
public sealed class PinNote(ParleyDbContext db, ConversationAccess access, ConversationChanges changes) : IHandler
{
    public async Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> Handle(Guid id, Guid messageId, bool pinned, CancellationToken cancellationToken)
    {
        if (!await (await access.VisibleAsync(cancellationToken)).AnyAsync(c => c.Id == id, cancellationToken))
            return Problem.NotFound("The conversation");
        var note = await db.Messages.SingleOrDefaultAsync(m => m.Id == messageId && m.ConversationId == id, cancellationToken);
        if (note is null)
            return Problem.NotFound("The note");
        return await changes.ApplyAsync(id, conversation =>
        {
            note.Pin(pinned);
            conversation.PinNote(messageId, pinned, changes.Actor, changes.Now);
        }, cancellationToken);
    }
}
