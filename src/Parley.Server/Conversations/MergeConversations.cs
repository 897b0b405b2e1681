using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>
/// Merges a conversation into another of the same contact: its messages, events, tags, views and
/// reminders move over, the target records the merge, and the merged conversation is gone.
/// </summary>
public sealed class MergeConversations(ParleyDbContext db, ConversationAccess access, ConversationChanges changes) : IHandler
{
    public sealed record Request(Guid? IntoId);

    public async Task<Results<Ok<ConversationDetail>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        var visible = await access.VisibleAsync(cancellationToken);
        var source = await visible.Include(c => c.Tags).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (source is null)
            return Problem.NotFound("The conversation");
        if (request.IntoId is not { } intoId)
            return new Validation().Add("intoId", "'intoId' is required.").ToProblem();
        if (intoId == id)
            return new Validation().Add("intoId", "A conversation cannot be merged into itself.").ToProblem();
        var target = await visible.AsNoTracking().SingleOrDefaultAsync(c => c.Id == intoId, cancellationToken);
        if (target is null)
            return Problem.NotFound("The conversation to merge into");
        if (target.ContactId != source.ContactId)
            return Problem.Conflict("Only conversations of the same contact can be merged.");
        if (source.Status == ConversationStatus.Deleted || target.Status == ConversationStatus.Deleted)
            return Problem.Conflict("A deleted conversation cannot be merged.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Set-based moves: one statement per table, whatever the conversation's size.
        await db.Messages.Where(m => m.ConversationId == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ConversationId, intoId), cancellationToken);
        await db.MessageViews.Where(v => v.ConversationId == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.ConversationId, intoId), cancellationToken);
        await db.ConversationEvents.Where(e => e.ConversationId == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ConversationId, intoId), cancellationToken);
        await db.Reminders.Where(r => r.ConversationId == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ConversationId, intoId), cancellationToken);
        await db.Attachments.Where(a => a.ConversationId == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ConversationId, intoId), cancellationToken);
        var tags = source.Tags.Select(t => t.Tag).ToList();
        var sourceLastInboundAt = source.LastInboundAt;
        db.Conversations.Remove(source);
        await db.SaveChangesAsync(cancellationToken);

        var latestText = await db.Messages.Where(m => m.ConversationId == intoId && m.Kind == MessageKind.Message)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => m.Text).FirstOrDefaultAsync(cancellationToken);
        var result = await changes.ApplyAsync(intoId, merged =>
        {
            foreach (var tag in tags.Where(t => merged.Tags.All(existing => existing.Tag != t)))
                merged.AddTag(tag, changes.Actor, changes.Now);
            merged.RecordMerge(id, sourceLastInboundAt, latestText, changes.Actor, changes.Now);
        }, cancellationToken);
        if (result.Result is Ok<ConversationDetail>)
            await transaction.CommitAsync(cancellationToken);
        return result.OrInvalid();
    }
}
