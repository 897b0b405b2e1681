using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Conversations;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Privacy;

/// <summary>
/// DELETE /api/v1/contacts/{id}: erases one contact with everything of theirs (SPEC §5): their
/// conversations through <see cref="ConversationPurge"/> (messages, attachments and files, read
/// states, viewed records, reminders, events, queued replies), then the contact. Irrevocable.
/// </summary>
public sealed class EraseContact(ParleyDbContext db, ConversationPurge purge, IHostApplicationLifetime lifetime) : IHandler
{
    private const int BatchSize = 100;

    public async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Contacts.AnyAsync(c => c.Id == id, cancellationToken))
            return Problem.NotFound("The contact");
        // Not tied to the request: a client that hangs up would leave the person half erased
        // (every batch is whole, so safe, but the caller would never know).
        var stopping = lifetime.ApplicationStopping;
        // A customer writing in meanwhile starts a new conversation, which the next round takes;
        // the contact goes only when none is left (checked in the DELETE itself).
        while (await db.Contacts.AnyAsync(c => c.Id == id, stopping))
        {
            var theirs = db.Conversations.Where(c => c.ContactId == id).OrderBy(c => c.Id);
            await foreach (var _ in purge.PurgeAsync(theirs, deleteContacts: true, BatchSize, stopping))
            {
            }
            await db.Contacts.Where(c => c.Id == id && !db.Conversations.Any(v => v.ContactId == id)).ExecuteDeleteAsync(stopping);
        }
        await purge.FinishErasureAsync();
        return TypedResults.NoContent();
    }
}
