using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Contacts;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>
/// The inbox: one of the views of SPEC §2 plus filters, newest activity first, keyset-paged on
/// (last_activity_at, id) so page 100 costs what page 1 does.
/// </summary>
public sealed class ListConversations(ParleyDbContext db, ConversationAccess access, ConversationViews views, CurrentUser me) : IHandler
{
    // Settable properties rather than a positional record: the request delegate generator cannot
    // bind a constructor whose parameters are nullable references.
    public sealed record Query
    {
        [OneOf("all", "mine", "unassigned", "team", "sent", "archived", "deleted")] public string? View { get; init; }
        [OneOf(typeof(ConversationStatus))] public string? Status { get; init; }
        public Guid? ChannelId { get; init; }
        public string? Tag { get; init; }
        public Guid? AssigneeId { get; init; }
        public Guid? TeamId { get; init; }
        public Guid? ContactId { get; init; }
        public string? Q { get; init; }
        public bool? Unread { get; init; }
        public string? Cursor { get; init; }
        public int? Limit { get; init; }
    }

    private static readonly IReadOnlyList<string> Views = OneOfAttribute.Of<Query>(nameof(Query.View));

    /// <summary>A validated query: the view and the filters on it, without the page.</summary>
    internal sealed record Selection(string View, ConversationStatus? Status = null, Guid? ChannelId = null, string? Tag = null, Guid? AssigneeId = null,
        Guid? TeamId = null, Guid? ContactId = null, string? Q = null, bool? Unread = null);

    public async Task<Results<Ok<Page<ConversationSummary>>, ValidationProblem, ProblemHttpResult>> Handle(Query query, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var view = (query.View ?? "all").ToLowerInvariant();
        if (!Views.Contains(view))
            validation.Add("view", $"'view' must be one of {string.Join(", ", Views)}.");
        ConversationStatus? status = null;
        if (query.Status is not null)
        {
            if (Enum.TryParse<ConversationStatus>(query.Status, ignoreCase: true, out var parsed) && !int.TryParse(query.Status, out _))
                status = parsed;
            else
                validation.Add("status", $"'status' must be one of {string.Join(", ", Enum.GetNames<ConversationStatus>())}.");
        }
        if (query.Limit is < 1 or > PageRequest.MaxLimit)
            validation.Add("limit", $"'limit' must be between 1 and {PageRequest.MaxLimit}.");
        var after = TimeCursor.Decode(query.Cursor, validation);
        if (!validation.IsValid)
            return validation.ToProblem();
        if ((view == "deleted" || status == ConversationStatus.Deleted) && !me.IsAdmin)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only admins see deleted conversations.");

        var conversations = await SelectAsync(
            new Selection(view, status, query.ChannelId, query.Tag, query.AssigneeId, query.TeamId, query.ContactId, query.Q, query.Unread), cancellationToken);
        if (after is { } position)
        {
            var (at, id) = position;
            // The redundant "<= at" lets PostgreSQL start the index scan at the cursor; with the OR
            // alone it scans from the newest row and page N costs O(N) (measured in bench/).
            conversations = conversations.Where(c => c.LastActivityAt <= at && (c.LastActivityAt < at || (c.LastActivityAt == at && c.Id.CompareTo(id) < 0)));
        }
        var limit = query.Limit ?? PageRequest.DefaultLimit;
        var rows = await views.SummariesAsync(InboxOrder(conversations).Take(limit + 1), cancellationToken);
        // The projection joins may reorder; the page order is the keyset order.
        rows = [.. rows.OrderByDescending(r => r.LastActivityAt).ThenByDescending(r => r.Id)];

        string? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            next = TimeCursor.Encode(rows[^1].LastActivityAt, rows[^1].Id);
        }
        return TypedResults.Ok(new Page<ConversationSummary>(rows, next));
    }

    /// <summary>Newest activity first: the order every inbox index ends in, so a page is an index range scan.</summary>
    internal static IOrderedQueryable<Conversation> InboxOrder(IQueryable<Conversation> conversations) =>
        conversations.OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id);

    /// <summary>
    /// The conversations of a view that the caller may see, with the filters applied: the one
    /// definition of each view and of "unread for me" (the unread counts use it too). Whether the
    /// caller may ask for Deleted ones is checked before.
    /// </summary>
    internal async Task<IQueryable<Conversation>> SelectAsync(Selection selection, CancellationToken cancellationToken)
    {
        var view = selection.View;
        var status = selection.Status;
        var conversations = await access.VisibleAsync(cancellationToken);
        conversations = view switch
        {
            "mine" => conversations.Where(c => c.AssigneeId == me.Id),
            // Among what the caller may see: an agent's are those of their teams and their teams' channels.
            // Served by the (organization_id, assignee_id, last_activity_at, id) index, as "mine" is.
            "unassigned" => conversations.Where(c => c.AssigneeId == null),
            "team" => await TeamViewAsync(conversations, selection.TeamId, cancellationToken),
            "sent" => conversations.Where(c => c.Status == ConversationStatus.Sent),
            "archived" => conversations.Where(c => c.Status == ConversationStatus.Archived),
            "deleted" => conversations.Where(c => c.Status == ConversationStatus.Deleted),
            _ => conversations,
        };
        if (status is { } wanted)
            conversations = conversations.Where(c => c.Status == wanted);
        else if (view is "all" or "mine" or "unassigned" or "team")
            // Archived and deleted conversations leave the default views (still reachable by filter).
            conversations = conversations.Where(c => c.Status != ConversationStatus.Archived && c.Status != ConversationStatus.Deleted);

        if (selection.ChannelId is { } channelId)
            conversations = conversations.Where(c => c.ChannelId == channelId);
        if (selection.AssigneeId is { } assigneeId)
            conversations = conversations.Where(c => c.AssigneeId == assigneeId);
        if (selection.TeamId is { } teamId && view != "team")
            conversations = conversations.Where(c => c.TeamId == teamId);
        if (selection.ContactId is { } contactId)
            conversations = conversations.Where(c => c.ContactId == contactId);
        if (!string.IsNullOrWhiteSpace(selection.Tag))
        {
            var tag = selection.Tag.Trim();
            conversations = conversations.Where(c => db.ConversationTags.Any(t => t.ConversationId == c.Id && t.Tag == tag));
        }
        if (!string.IsNullOrWhiteSpace(selection.Q))
            conversations = conversations.Where(c => MatchingContacts(selection.Q).Contains(c.ContactId));
        if (selection.Unread is { } unread)
        {
            var userId = me.Id;
            var unreadForMe = conversations.Where(c =>
                db.ConversationReads.Any(r => r.ConversationId == c.Id && r.UserId == userId && (r.MarkedUnread || (c.LastInboundAt != null && (r.ReadAt == null || c.LastInboundAt > r.ReadAt))))
                || (c.LastInboundAt != null && !db.ConversationReads.Any(r => r.ConversationId == c.Id && r.UserId == userId)));
            conversations = unread ? unreadForMe : conversations.Where(c => !unreadForMe.Any(u => u.Id == c.Id));
        }
        return conversations;
    }

    private async Task<IQueryable<Conversation>> TeamViewAsync(IQueryable<Conversation> conversations, Guid? teamId, CancellationToken cancellationToken)
    {
        if (teamId is { } team)
            return conversations.Where(c => c.TeamId == team);
        if (me.IsAdmin)
            return conversations.Where(c => c.TeamId != null);
        var mine = await access.MyTeamIdsAsync(cancellationToken);
        return conversations.Where(c => c.TeamId != null && mine.Contains(c.TeamId.Value));
    }

    /// <summary>Contacts whose name starts with q, or whose phone is q in any format.</summary>
    private IQueryable<Guid> MatchingContacts(string q)
    {
        var key = Contact.SearchKey(q);
        var end = NameKeyset.UpperBound(key);
        var phone = PhoneNumber.TryNormalize(q, out var e164) ? e164 : null;
        return db.Contacts
            .Where(c => (string.Compare(c.SearchName, key) >= 0 && string.Compare(c.SearchName, end) < 0) || (phone != null && c.Phone == phone))
            .Select(c => c.Id);
    }
}
