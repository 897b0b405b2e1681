using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Audit;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;

namespace Parley.Conversations;

public sealed class AssignConversation(Assignment assignment, ConversationChanges changes) : IHandler
{
    public sealed record Request(Guid? UserId, Guid? TeamId);

    public Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        var target = new Assignment.Target(request.UserId, request.TeamId);
        var notices = new List<LiveEvent>();
        // Inside the change, so an unseen conversation is a 404 before any permission rule.
        return changes.ApplyAsync(id, async conversation =>
        {
            var (plan, refused) = await assignment.CheckAsync(target, cancellationToken);
            if (refused is not null)
                return refused;
            if (assignment.Forbidden(plan!, conversation) is { } forbidden)
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: forbidden);
            await assignment.ApplyAsync(conversation, plan!, changes.Actor, changes.Now, notices, cancellationToken);
            return null;
        }, cancellationToken, _ => notices);
    }
}
