using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>The status actions of the conversation window: POST /conversations/{id}/{action}.</summary>
public sealed class ChangeStatus(ConversationChanges changes, CurrentUser me) : IHandler
{
    /// <summary>Each action, and whether only admins may take it.</summary>
    public static readonly IReadOnlyDictionary<string, bool> Actions = new Dictionary<string, bool>
    {
        ["resolve"] = false,
        ["reopen"] = false,
        ["archive"] = false,
        ["unarchive"] = false,
        ["spam"] = false,
        ["unspam"] = false,
        ["irrelevant"] = false,
        ["hold"] = false,
        ["end"] = false,
        ["handover"] = false,
        ["delete"] = true,
        ["restore"] = true,
    };

    public Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> Handle(Guid id, string action, CancellationToken cancellationToken) =>
        // The admin rule is checked inside the change, after the lookup: a conversation the caller
        // cannot see is "not found" before any permission rule, so a 403 never confirms it exists.
        changes.ApplyAsync(id, conversation =>
        {
            if (Actions[action] && !me.IsAdmin)
                return Task.FromResult<ProblemHttpResult?>(TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"Only admins may {action} conversations."));
            Apply(conversation, action, changes.Actor, changes.Now);
            return Task.FromResult<ProblemHttpResult?>(null);
        }, cancellationToken);

    internal static void Apply(Conversation conversation, string action, Audit.EventActor by, DateTime now)
    {
        switch (action)
        {
            case "resolve": conversation.Resolve(by, now); break;
            case "reopen": conversation.Reopen(by, now); break;
            case "archive": conversation.Archive(by, now); break;
            case "unarchive": conversation.Unarchive(by, now); break;
            case "spam": conversation.MarkSpam(by, now); break;
            case "unspam": conversation.UnmarkSpam(by, now); break;
            case "irrelevant": conversation.MarkIrrelevant(by, now); break;
            case "hold": conversation.Hold(by, now); break;
            case "end": conversation.End(by, now); break;
            case "handover": conversation.HandOver(by, now); break;
            case "delete": conversation.Delete(by, now); break;
            case "restore": conversation.Restore(by, now); break;
            default: throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }
}
