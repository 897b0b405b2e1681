using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>
/// Who may move ownership: admins assign any conversation to any user or team of the organisation;
/// an agent may only take an unassigned conversation they can see. The new assignee finds it
/// unread and is told live.
/// </summary>
public sealed class Assignment(ParleyDbContext db, CurrentUser me)
{
    /// <param name="UserId">The new assignee; Guid.Empty unassigns; null leaves it.</param>
    /// <param name="TeamId">The new team; Guid.Empty clears it; null leaves it.</param>
    public sealed record Target(Guid? UserId, Guid? TeamId);

    /// <returns>A problem when the caller may not make this assignment at all, else null.</returns>
    public async Task<ProblemHttpResult?> CheckAsync(Target target, CancellationToken cancellationToken)
    {
        if (target.UserId is null && target.TeamId is null)
            return TypedResults.Problem(statusCode: 400, title: "Name a 'userId' or a 'teamId' to assign to.");
        if (!me.IsAdmin && (target.UserId != me.Id || target.TeamId is not null))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Agents may only take unassigned conversations for themselves.");
        if (target.UserId is { } userId && userId != Guid.Empty && !await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
            return Problem.NotFound("The user");
        if (target.TeamId is { } teamId && teamId != Guid.Empty && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            return Problem.NotFound("The team");
        return null;
    }

    /// <summary>Applies a checked target to one conversation; notices collects the live events to send after commit.</summary>
    public async Task ApplyAsync(Conversation conversation, Target target, EventActor by, DateTime now, List<LiveEvent> notices, CancellationToken cancellationToken)
    {
        if (!me.IsAdmin && conversation.AssigneeId is not null && conversation.AssigneeId != me.Id)
            throw new ConversationRuleException("The conversation is already assigned to someone else.");
        if (target.TeamId is { } teamId)
            conversation.MoveToTeam(teamId == Guid.Empty ? null : teamId, by, now);
        if (target.UserId is { } userId && conversation.AssignTo(userId == Guid.Empty ? null : userId, by, now) && userId != Guid.Empty)
        {
            var read = await db.ConversationReads.SingleOrDefaultAsync(r => r.ConversationId == conversation.Id && r.UserId == userId, cancellationToken)
                ?? db.ConversationReads.Local.SingleOrDefault(r => r.ConversationId == conversation.Id && r.UserId == userId);
            if (read is null)
                db.ConversationReads.Add(read = new ConversationRead(conversation.Id, userId));
            read.MarkUnread();
            notices.Add(LiveNotices.For(conversation, LiveEvent.Assigned, userId, new Dictionary<string, object?> { ["assigneeId"] = userId }));
        }
    }
}

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
            if (await assignment.CheckAsync(target, cancellationToken) is { } refused)
                return refused;
            await assignment.ApplyAsync(conversation, target, changes.Actor, changes.Now, notices, cancellationToken);
            return null;
        }, cancellationToken, _ => notices);
    }
}
