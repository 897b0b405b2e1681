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
    private static readonly IReadOnlyList<string> Actions = OneOfAttribute.Of<Request>(nameof(Request.Action));

    public sealed record Request(IReadOnlyList<Guid>? Ids,
        [property: OneOf("read", "unread", "assign", "resolve", "reopen", "archive", "unarchive", "spam", "tag", "team")] string? Action, Guid? UserId, Guid? TeamId, string? Tag);

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
        if (action == "team")
        {
            if (request.TeamId is null)
                validation.Add("teamId", "'teamId' names the team to move to (Guid.Empty: none).");
            else if (request.TeamId != Guid.Empty && !await db.Teams.AnyAsync(t => t.Id == request.TeamId, cancellationToken))
                validation.Add("teamId", "No such team.");
        }
        if (!validation.IsValid)
            return validation.ToProblem();
        if (action == "team" && !me.IsAdmin)
            return Assignment.TeamMoveForbidden;
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

        Assignment.Plan? plan = null;
        if (action == "assign")
        {
            (plan, var refused) = await assignment.CheckAsync(new Assignment.Target(request.UserId, request.TeamId), cancellationToken);
            if (refused is not null)
                return refused;
        }
        var newTeam = request.TeamId == Guid.Empty ? null : request.TeamId;
        var newTeamMembers = action == "team" ? await assignment.MembersAsync(newTeam, cancellationToken) : null;

        var conversations = await (await access.VisibleAsync(cancellationToken)).Include(c => c.Tags)
            .Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var by = Audit.EventActor.Of(me);
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
                    case "tag": conversation.AddTag(tag!, by, now); break;
                    case "team":
                        if (Assignment.Move(conversation, newTeam, newTeamMembers!, by, now) is { } moved)
                            notices.Add(moved);
                        break;
                    case "assign":
                        if (assignment.Forbidden(plan!, conversation) is { } forbidden)
                        {
                            outcomes.Add(new Outcome(id, false, conversation.Status, forbidden));
                            continue;
                        }
                        await assignment.ApplyAsync(conversation, plan!, by, now, notices, cancellationToken);
                        break;
                    // The same status actions as one at a time; "spam" marks it irrelevant as spam.
                    default: ChangeStatus.Apply(conversation, action!, by, now); break;
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
