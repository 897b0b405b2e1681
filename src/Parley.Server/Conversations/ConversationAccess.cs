using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Platform.Persistence;

namespace Parley.Conversations;

/// <summary>
/// Who may see a conversation: admins see all of their organisation; an agent sees those assigned
/// to them, those of their teams, and unassigned ones arriving on a channel routed to one of their
/// teams. Anything else is "not found" to them, exactly as another organisation's rows are.
/// </summary>
public sealed class ConversationAccess(ParleyDbContext db, CurrentUser me)
{
    private IReadOnlyList<Guid>? _teamIds;

    public async Task<IQueryable<Conversation>> VisibleAsync(CancellationToken cancellationToken)
    {
        if (me.IsAdmin)
            return db.Conversations;
        var teams = await MyTeamIdsAsync(cancellationToken);
        var userId = me.Id;
        // Deleted conversations sit in the admins' deletion buffer, hidden from agents (SPEC §1).
        return db.Conversations.Where(c => c.Status != ConversationStatus.Deleted).Where(c =>
            c.AssigneeId == userId
            || (c.TeamId != null && teams.Contains(c.TeamId.Value))
            || (c.AssigneeId == null && db.Channels.Any(ch => ch.Id == c.ChannelId && ch.TeamId != null && teams.Contains(ch.TeamId.Value))));
    }

    public async Task<IReadOnlyList<Guid>> MyTeamIdsAsync(CancellationToken cancellationToken) =>
        _teamIds ??= await db.TeamMembers.Where(m => m.UserId == me.Id).Select(m => m.TeamId).ToListAsync(cancellationToken);

    /// <summary>The conversation if the caller may see it, tracked for changes.</summary>
    public async Task<Conversation?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await (await VisibleAsync(cancellationToken)).Include(c => c.Tags).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>The same rule for one conversation already in hand (live updates use it per event).</summary>
    public static bool CanSee(bool isAdmin, Guid userId, IReadOnlyCollection<Guid> teamIds, ConversationStatus status, Guid? assigneeId, Guid? teamId, Guid? channelTeamId) =>
        isAdmin
        || (status != ConversationStatus.Deleted && CanSeeLive(userId, teamIds, assigneeId, teamId, channelTeamId));

    private static bool CanSeeLive(Guid userId, IReadOnlyCollection<Guid> teamIds, Guid? assigneeId, Guid? teamId, Guid? channelTeamId) =>
        assigneeId == userId
        || (teamId is { } team && teamIds.Contains(team))
        || (assigneeId is null && channelTeamId is { } channelTeam && teamIds.Contains(channelTeam));
}
