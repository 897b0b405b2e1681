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

    public async Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> Handle(Guid id, string action, CancellationToken cancellationToken)
    {
        if (Actions[action] && !me.IsAdmin)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"Only admins may {action} conversations.");
        return await changes.ApplyAsync(id, conversation => Apply(conversation, action, changes.Actor, changes.Now), cancellationToken);
    }

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
