using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Identity;
using Parley.Live;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>
/// Who may move ownership (SPEC §2). Admins assign any conversation to any user or team of the
/// organisation. An agent may take an unassigned conversation they can see, pass one assigned to
/// them to a teammate (a user who shares one of their teams and, when the conversation has a team,
/// is a member of it), or give their own back (unassign; it stays in its team). Agents never take
/// someone else's conversation, assign others' conversations or move one between teams: 403 on a
/// conversation they can see. The new assignee finds it unread and is told live.
/// </summary>
public sealed class Assignment(ParleyDbContext db, CurrentUser me)
{
    /// <param name="UserId">The new assignee; Guid.Empty unassigns; null leaves it.</param>
    /// <param name="TeamId">The new team; Guid.Empty clears it; null leaves it.</param>
    public sealed record Target(Guid? UserId, Guid? TeamId);

    /// <summary>A target that passed the checks of the whole request, with the memberships its per-conversation rules need (loaded once, also for bulk).</summary>
    public sealed record Plan(Target Target, IReadOnlySet<Guid> AssigneeTeams, IReadOnlySet<Guid> MyTeams, IReadOnlySet<Guid> NewTeamMembers);

    private static readonly IReadOnlySet<Guid> None = new HashSet<Guid>();

    /// <returns>The plan, or a problem when the caller may not make this assignment at all.</returns>
    public async Task<(Plan? Plan, ProblemHttpResult? Refused)> CheckAsync(Target target, CancellationToken cancellationToken)
    {
        if (target.UserId is null && target.TeamId is null)
            return (null, TypedResults.Problem(statusCode: 400, title: "Name a 'userId' or a 'teamId' to assign to."));
        if (!me.IsAdmin && target.TeamId is not null)
            return (null, TeamMoveForbidden);
        if (target.UserId is { } userId && userId != Guid.Empty && !await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
            return (null, Problem.NotFound("The user"));
        if (target.TeamId is { } teamId && teamId != Guid.Empty && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            return (null, Problem.NotFound("The team"));
        var assigneeTeams = None;
        var myTeams = None;
        if (!me.IsAdmin && target.UserId is { } passTo && passTo != Guid.Empty && passTo != me.Id)
        {
            assigneeTeams = await TeamsOfAsync(passTo, cancellationToken);
            myTeams = await TeamsOfAsync(me.Id, cancellationToken);
        }
        return (new Plan(target, assigneeTeams, myTeams, await MembersAsync(target.TeamId, cancellationToken)), null);
    }

    public static ProblemHttpResult TeamMoveForbidden =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only admins move conversations between teams.");

    /// <summary>The users of a team (none for no team), which a move to it keeps as assignees.</summary>
    public async Task<IReadOnlySet<Guid>> MembersAsync(Guid? teamId, CancellationToken cancellationToken) =>
        teamId is { } team && team != Guid.Empty
            ? (await db.TeamMembers.Where(m => m.TeamId == team).Select(m => m.UserId).ToListAsync(cancellationToken)).ToHashSet()
            : None;

    private async Task<IReadOnlySet<Guid>> TeamsOfAsync(Guid userId, CancellationToken cancellationToken) =>
        (await db.TeamMembers.Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(cancellationToken)).ToHashSet();

    /// <returns>Why the caller may not make this move on this conversation (a 403), or null when they may.</returns>
    public string? Forbidden(Plan plan, Conversation conversation)
    {
        if (me.IsAdmin)
            return null;
        // CheckAsync refused agents' team moves, so an agent's target names a user.
        var to = plan.Target.UserId!.Value;
        var mine = conversation.AssigneeId == me.Id;
        if (to == me.Id)
            return mine || conversation.AssigneeId is null ? null : "The conversation is assigned to someone else; agents take only unassigned ones.";
        if (!mine)
            return "Agents pass on or give back only the conversations assigned to them.";
        if (to == Guid.Empty)
            return null;
        if (!plan.AssigneeTeams.Overlaps(plan.MyTeams))
            return "Agents pass a conversation only to a teammate: someone in one of their teams.";
        if (conversation.TeamId is { } team && !plan.AssigneeTeams.Contains(team))
            return "Agents pass a conversation only to a member of its team.";
        return null;
    }

    /// <summary>Applies a permitted plan to one conversation; notices collects the live events to send after commit.</summary>
    public async Task ApplyAsync(Conversation conversation, Plan plan, EventActor by, DateTime now, List<LiveEvent> notices, CancellationToken cancellationToken)
    {
        var target = plan.Target;
        var assigneeBefore = conversation.AssigneeId;
        if (target.UserId is { } userId && conversation.AssignTo(userId == Guid.Empty ? null : userId, by, now))
        {
            if (userId == Guid.Empty)
                // Given back: the team's members see it come into their Unassigned view.
                notices.Add(LiveNotices.For(conversation, LiveEvent.Assigned, data: new Dictionary<string, object?> { ["assigneeId"] = null, ["fromAssigneeId"] = assigneeBefore }));
            else
                await NotifyAssigneeAsync(conversation, userId, notices, cancellationToken);
        }
        if (target.TeamId is { } teamId)
        {
            // The assignee named in this same request is the admin's explicit choice: the move keeps them.
            var keep = target.UserId is { } named && named != Guid.Empty ? new HashSet<Guid>(plan.NewTeamMembers) { named } : plan.NewTeamMembers;
            if (Move(conversation, teamId == Guid.Empty ? null : teamId, keep, by, now) is { } moved)
                notices.Add(moved);
        }
    }

    /// <summary>One home for a team move (assign, PATCH, bulk): the entity's rule, and the live notice when it moved.</summary>
    public static LiveEvent? Move(Conversation conversation, Guid? teamId, IReadOnlySet<Guid> newTeamMembers, EventActor by, DateTime now)
    {
        var (teamBefore, assigneeBefore) = (conversation.TeamId, conversation.AssigneeId);
        return conversation.MoveToTeam(teamId, newTeamMembers, by, now) ? LiveNotices.Moved(conversation, teamBefore, assigneeBefore) : null;
    }

    private async Task NotifyAssigneeAsync(Conversation conversation, Guid userId, List<LiveEvent> notices, CancellationToken cancellationToken)
    {
        notices.Add(LiveNotices.For(conversation, LiveEvent.Assigned, userId, new Dictionary<string, object?> { ["assigneeId"] = userId }));
        // New to the assignee, so unread for them — unless they just took it themselves.
        if (userId == me.Id)
            return;
        var read = await db.ConversationReads.SingleOrDefaultAsync(r => r.ConversationId == conversation.Id && r.UserId == userId, cancellationToken)
            ?? db.ConversationReads.Local.SingleOrDefault(r => r.ConversationId == conversation.Id && r.UserId == userId);
        if (read is null)
            db.ConversationReads.Add(read = new ConversationRead(conversation.Id, userId));
        read.MarkUnread();
    }
}
