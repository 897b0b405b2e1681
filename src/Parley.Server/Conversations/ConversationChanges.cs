using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Audit;
using Parley.Identity;
using Parley.Live;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>
/// The one way a single conversation changes: find it among those the caller may see (else 404),
/// apply the change through the entity's rules (a refused rule is a 409 and writes nothing), save
/// the change with its events in one transaction, then tell the live subscribers.
/// </summary>
public sealed class ConversationChanges(ParleyDbContext db, ConversationAccess access, ConversationViews views, ILiveBus live, CurrentUser me, TimeProvider clock)
{
    public EventActor Actor => EventActor.User(me.Id);
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> ApplyAsync(
        Guid id, Func<Conversation, Task<ProblemHttpResult?>> change, CancellationToken cancellationToken, Func<Conversation, IEnumerable<LiveEvent>>? notices = null)
    {
        var conversation = await access.FindAsync(id, cancellationToken);
        if (conversation is null)
            return Problem.NotFound("The conversation");
        var statusBefore = conversation.Status;
        try
        {
            // A change may refuse with its own problem (a permission); nothing is saved then.
            if (await change(conversation) is { } refused)
                return refused;
        }
        catch (ConversationRuleException refused)
        {
            return Problem.Conflict(refused.Message);
        }
        await db.SaveChangesAsync(cancellationToken);

        var events = new List<LiveEvent>();
        if (conversation.Status != statusBefore)
            events.Add(LiveNotices.Status(conversation));
        if (notices is not null)
            events.AddRange(notices(conversation));
        await live.PublishAllAsync(events, cancellationToken);
        return TypedResults.Ok((await views.DetailAsync(id, cancellationToken))!);
    }

    public Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> ApplyAsync(Guid id, Action<Conversation> change, CancellationToken cancellationToken) =>
        ApplyAsync(id, c =>
        {
            change(c);
            return Task.FromResult<ProblemHttpResult?>(null);
        }, cancellationToken);
}

public static class ConversationResults
{
    /// <summary>The same answer, typed for an endpoint that can also refuse its input.</summary>
    public static Results<Ok<ConversationDetail>, ValidationProblem, ProblemHttpResult> OrInvalid(this Results<Ok<ConversationDetail>, ProblemHttpResult> result) =>
        result.Result switch
        {
            Ok<ConversationDetail> ok => ok,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected result."),
        };
}
