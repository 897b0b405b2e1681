using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Platform.Persistence;

namespace Parley.Conversations;

public sealed record ContactSummary(Guid Id, string? Name, string? Phone);

public sealed record AssigneeSummary(Guid Id, string Name);

/// <summary>A row of an inbox list.</summary>
public sealed record ConversationSummary(
    Guid Id,
    ContactSummary Contact,
    Guid ChannelId,
    ConversationStatus Status,
    string DisplayStatus,
    AssigneeSummary? Assignee,
    Guid? TeamId,
    string? Subject,
    Priority Priority,
    IReadOnlyList<string> Tags,
    DateTime LastActivityAt,
    string? LastMessagePreview,
    bool Unread,
    DateTime? DeletedAt = null,
    DateTime? PurgeAt = null);

/// <param name="ChannelType">The type of the conversation's channel.</param>
/// <param name="Unread">Whether it is unread for the caller.</param>
/// <param name="AssigneeUnread">Whether it is unread for its assignee, as the assignee's own inbox shows it (the caller's reading never changes that); null when unassigned.</param>
/// <param name="CareWindow">WhatsApp's customer care window now (free-form replies only while open); null on channels without one.</param>
public sealed record ConversationDetail(
    Guid Id,
    ContactSummary Contact,
    Guid ChannelId,
    Channels.ChannelType ChannelType,
    ConversationStatus Status,
    string DisplayStatus,
    ConversationStatus? PreviousStatus,
    bool IsSpam,
    AssigneeSummary? Assignee,
    Guid? TeamId,
    string? Subject,
    Priority Priority,
    IReadOnlyList<string> Tags,
    DateTime CreatedAt,
    DateTime LastActivityAt,
    DateTime? LastInboundAt,
    DateTime? FirstReplyAt,
    string? LastMessagePreview,
    bool Unread,
    bool? AssigneeUnread,
    Channels.CareWindowState? CareWindow,
    DateTime? DeletedAt = null,
    DateTime? PurgeAt = null);

/// <summary>
/// Reads conversations into their API shapes, with the caller's own unread state; a Deleted one
/// carries when it was deleted and when the Maintenance purge will remove it (its channel's buffer).
/// </summary>
public sealed class ConversationViews(ParleyDbContext db, CurrentUser me, TimeProvider clock, Channels.ChannelAdapters adapters)
{
    private sealed record Row(Conversation Conversation, Channels.ChannelType ChannelType, string? ContactName, string? ContactPhone, string? AssigneeName, DateTime? ReadAt, bool? MarkedUnread);

    public async Task<List<ConversationSummary>> SummariesAsync(IQueryable<Conversation> page, CancellationToken cancellationToken)
    {
        var rows = await Project(page).ToListAsync(cancellationToken);
        var tags = await TagsAsync(rows.Select(r => r.Conversation.Id).ToList(), cancellationToken);
        var buffers = await PurgeBuffersAsync(rows.Select(r => r.Conversation), cancellationToken);
        return rows.ConvertAll(r => new ConversationSummary(
            r.Conversation.Id,
            new ContactSummary(r.Conversation.ContactId, r.ContactName, r.ContactPhone),
            r.Conversation.ChannelId,
            r.Conversation.Status,
            Conversation.DisplayStatus(r.Conversation.Status, r.Conversation.FirstReplyAt),
            Assignee(r),
            r.Conversation.TeamId,
            r.Conversation.Subject,
            r.Conversation.Priority,
            tags.GetValueOrDefault(r.Conversation.Id) ?? [],
            r.Conversation.LastActivityAt,
            r.Conversation.LastMessagePreview,
            ConversationRead.IsUnread(r.Conversation.LastInboundAt, r.ReadAt, r.MarkedUnread ?? false),
            r.Conversation.DeletedAt,
            PurgeAt(r.Conversation, buffers)));
    }

    public async Task<ConversationDetail?> DetailAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await Project(db.Conversations.Where(c => c.Id == id)).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
            return null;
        var c = row.Conversation;
        var tags = await TagsAsync([id], cancellationToken);
        var buffers = await PurgeBuffersAsync([c], cancellationToken);
        var assigneeUnread = await AssigneeUnreadAsync(c, cancellationToken);
        return new ConversationDetail(
            c.Id, new ContactSummary(c.ContactId, row.ContactName, row.ContactPhone), c.ChannelId, row.ChannelType, c.Status,
            Conversation.DisplayStatus(c.Status, c.FirstReplyAt), c.PreviousStatus, c.IsSpam, Assignee(row), c.TeamId, c.Subject,
            c.Priority, tags.GetValueOrDefault(id) ?? [], c.CreatedAt, c.LastActivityAt, c.LastInboundAt, c.FirstReplyAt,
            c.LastMessagePreview, ConversationRead.IsUnread(c.LastInboundAt, row.ReadAt, row.MarkedUnread ?? false),
            assigneeUnread, adapters.For(row.ChannelType).CareWindow(c.LastInboundAt, clock.GetUtcNow().UtcDateTime), c.DeletedAt, PurgeAt(c, buffers));
    }

    /// <summary>
    /// The assignee's own read state, so an admin can see (and deliberately change) whether the
    /// agent has caught up; it is only read here, never written.
    /// </summary>
    private async Task<bool?> AssigneeUnreadAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        if (conversation.AssigneeId is not { } assigneeId)
            return null;
        var read = await db.ConversationReads.AsNoTracking()
            .Where(r => r.ConversationId == conversation.Id && r.UserId == assigneeId)
            .Select(r => new { r.ReadAt, r.MarkedUnread })
            .SingleOrDefaultAsync(cancellationToken);
        return ConversationRead.IsUnread(conversation.LastInboundAt, read?.ReadAt, read?.MarkedUnread ?? false);
    }

    /// <summary>Days in Deleted before the purge, per channel of the Deleted conversations given (none: no query).</summary>
    private async Task<Dictionary<Guid, int>> PurgeBuffersAsync(IEnumerable<Conversation> conversations, CancellationToken cancellationToken)
    {
        var channels = conversations.Where(c => c.Status == ConversationStatus.Deleted).Select(c => c.ChannelId).Distinct().ToList();
        if (channels.Count == 0)
            return [];
        var policy = await Maintenance.GetMaintenancePolicy.CurrentAsync(db, cancellationToken);
        var overrides = await db.ChannelMaintenanceOverrides.AsNoTracking().Where(o => channels.Contains(o.ChannelId)).ToDictionaryAsync(o => o.ChannelId, o => o.Settings, cancellationToken);
        return channels.ToDictionary(id => id, id => new Maintenance.EffectiveRetention(policy, Maintenance.RetentionSettings.Deserialize(overrides.GetValueOrDefault(id))).DeleteBufferDays);
    }

    private static DateTime? PurgeAt(Conversation conversation, Dictionary<Guid, int> buffers) =>
        conversation.Status == ConversationStatus.Deleted && conversation.DeletedAt is { } deletedAt && buffers.TryGetValue(conversation.ChannelId, out var days)
            ? deletedAt.AddDays(days)
            : null;

    private IQueryable<Row> Project(IQueryable<Conversation> conversations)
    {
        var userId = me.Id;
        return from c in conversations.AsNoTracking()
               join channel in db.Channels on c.ChannelId equals channel.Id
               join contact in db.Contacts on c.ContactId equals contact.Id
               join assignee in db.Users on c.AssigneeId equals assignee.Id into assignees
               from assignee in assignees.DefaultIfEmpty()
               join read in db.ConversationReads.Where(r => r.UserId == userId) on c.Id equals read.ConversationId into reads
               from read in reads.DefaultIfEmpty()
               select new Row(c, channel.Type, contact.Name, contact.Phone, assignee == null ? null : assignee.Name, read == null ? null : read.ReadAt, read == null ? null : read.MarkedUnread);
    }

    private async Task<Dictionary<Guid, List<string>>> TagsAsync(List<Guid> ids, CancellationToken cancellationToken) =>
        (await db.ConversationTags.AsNoTracking().Where(t => ids.Contains(t.ConversationId)).OrderBy(t => t.Tag).ToListAsync(cancellationToken))
            .GroupBy(t => t.ConversationId)
            .ToDictionary(g => g.Key, g => g.Select(t => t.Tag).ToList());

    private static AssigneeSummary? Assignee(Row row) =>
        row.Conversation.AssigneeId is { } id ? new AssigneeSummary(id, row.AssigneeName ?? "") : null;
}
