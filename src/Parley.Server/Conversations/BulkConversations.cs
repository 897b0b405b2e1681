using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>
/// One action on up to 1,000 conversations: loaded in one query, changed in memory through the
/// same rules as one at a time, saved in one transaction. Each conversation either takes the
/// whole change or none of it; the answer says which, per id.
/// </summary>
public sealed class BulkConversations(ParleyDbContext db, ConversationAccess access, Assignment assignment, MarkRead markRead, ILiveBus live, CurrentUser me, TimeProvider clock) : IHandler
{
    public const int MaxIds = 1000;
    private static readonly string[] Actions = ["read", "unread", "assign", "resolve", "archive", "tag"];

    public sealed record Request(IReadOnlyList<Guid>? Ids, string? Action, Guid? UserId, Guid? TeamId, string? Tag);

    public sealed record Outcome(Guid Id, bool Ok, ConversationStatus? Status, string? Error);

    public sealed record Response(IReadOnlyList<Outcome> Results);

    public async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var action = request.Action?.ToLowerInvariant();
        var validation = new Validation();
        if (request.Ids is not { Count: > 0 and <= MaxIds })
            validation.Add("ids", $"'ids' must list 1 to {MaxIds} conversations.");
        if (action is null || !Actions.Contains(action))
            validation.Add("action", $"'action' must be one of {string.Join(", ", Actions)}.");
        var tag = request.Tag?.Trim().ToLowerInvariant();
        if (action == "tag" && tag is not { Length: > 0 and <= 50 })
            validation.Add("tag", "'tag' has 1 to 50 characters.");
        if (!validation.IsValid)
            return validation.ToProblem();
        var ids = request.Ids!.Distinct().ToList();

        if (action is "read" or "unread")
        {
            // The read state has its own all-or-nothing use case; only visible ids are passed to it.
            var visibleIds = await (await access.VisibleAsync(cancellationToken)).Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
            if (visibleIds.Count > 0)
                await markRead.Handle(new MarkRead.Request(visibleIds, action == "read", null), cancellationToken);
            return TypedResults.Ok(new Response(ids.ConvertAll(id => visibleIds.Contains(id)
                ? new Outcome(id, true, null, null)
                : new Outcome(id, false, null, "The conversation was not found."))));
        }

        var target = new Assignment.Target(request.UserId, request.TeamId);
        if (action == "assign" && await assignment.CheckAsync(target, cancellationToken) is { } refused)
            return refused;

        var conversations = await (await access.VisibleAsync(cancellationToken)).Include(c => c.Tags)
            .Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var by = Audit.EventActor.User(me.Id);
        var outcomes = new List<Outcome>(ids.Count);
        var notices = new List<LiveEvent>();
        foreach (var id in ids)
        {
            if (!conversations.TryGetValue(id, out var conversation))
            {
                outcomes.Add(new Outcome(id, false, null, "The conversation was not found."));
                continue;
            }
            var before = conversation.Status;
            try
            {
                switch (action)
                {
                    case "resolve": conversation.Resolve(by, now); break;
                    case "archive": conversation.Archive(by, now); break;
                    case "tag": conversation.AddTag(tag!, by, now); break;
                    case "assign": await assignment.ApplyAsync(conversation, target, by, now, notices, cancellationToken); break;
                }
                if (conversation.Status != before)
                    notices.Add(LiveNotices.Status(conversation));
                outcomes.Add(new Outcome(id, true, conversation.Status, null));
            }
            catch (ConversationRuleException ruleRefused)
            {
                // The entity checks before it changes anything, so a refused one is untouched.
                outcomes.Add(new Outcome(id, false, conversation.Status, ruleRefused.Message));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAllAsync(notices, cancellationToken);
        return TypedResults.Ok(new Response(outcomes));
    }
}
