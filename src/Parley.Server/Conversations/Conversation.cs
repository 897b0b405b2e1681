using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Tenancy;

namespace Parley.Conversations;

public enum ConversationStatus
{
    Open,
    Pending,
    Automated,
    Sent,
    Resolved,
    Irrelevant,
    Archived,
    Deleted,
}

public enum Priority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>A rule of the conversation's life refused the change; nothing was changed.</summary>
public sealed class ConversationRuleException(string message) : Exception(message);

/// <summary>
/// One contact on one channel. The status machine of SPEC §1 lives here: every change goes through
/// a method that checks the rule, moves LastActivityAt (the clock retention measures), and appends
/// exactly one event to the trail, saved in the same transaction as the change.
/// </summary>
public sealed class Conversation : ITenantOwned
{
    public const int PreviewLength = 140;

    private readonly List<ConversationEvent> _events = [];
    private readonly List<ConversationTag> _tags = [];

    private Conversation() { }

    private Conversation(Guid id, Guid contactId, Guid channelId, ConversationStatus status, Guid? teamId, string? subject, DateTime now)
    {
        Id = id;
        ContactId = contactId;
        ChannelId = channelId;
        Status = status;
        TeamId = teamId;
        Subject = subject;
        CreatedAt = now;
        LastActivityAt = now;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid ContactId { get; private set; }
    public Guid ChannelId { get; private set; }
    public ConversationStatus Status { get; private set; }
    /// <summary>The status to return to on unarchive.</summary>
    public ConversationStatus? PreviousStatus { get; private set; }
    /// <summary>The status to return to on restore from the deletion buffer.</summary>
    public ConversationStatus? DeletedFrom { get; private set; }
    /// <summary>When it entered Deleted: the purge counts the deletion buffer from here.</summary>
    public DateTime? DeletedAt { get; private set; }
    public bool IsSpam { get; private set; }
    public Guid? AssigneeId { get; private set; }
    public Guid? TeamId { get; private set; }
    public string? Subject { get; private set; }
    public Priority Priority { get; private set; } = Priority.Normal;
    public DateTime CreatedAt { get; private set; }
    public DateTime LastActivityAt { get; private set; }
    public DateTime? LastInboundAt { get; private set; }
    public DateTime? FirstReplyAt { get; private set; }
    public string? LastMessagePreview { get; private set; }
    /// <summary>Optimistic concurrency: two people changing one conversation at once cannot both win silently.</summary>
    public int Version { get; private set; }

    public IReadOnlyCollection<ConversationTag> Tags => _tags;
    internal IReadOnlyCollection<ConversationEvent> NewEvents => _events;

    /// <summary>"New" until the first agent reply, then "In progress" (SPEC §1); otherwise the status.</summary>
    public static string DisplayStatus(ConversationStatus status, DateTime? firstReplyAt) => status switch
    {
        ConversationStatus.Open => firstReplyAt is null ? "New" : "In progress",
        _ => status.ToString(),
    };

    public static Conversation OpenedByCustomer(Guid id, Guid contactId, Guid channelId, Guid? teamId, bool automated, EventActor by, DateTime now)
    {
        var conversation = new Conversation(id, contactId, channelId, automated ? ConversationStatus.Automated : ConversationStatus.Open, teamId, null, now);
        conversation.Record(ConversationEventType.Created, by, now, new { status = conversation.Status });
        return conversation;
    }

    public static Conversation StartedByBusiness(Guid id, Guid contactId, Guid channelId, Guid? teamId, string? subject, Guid starterId, EventActor by, DateTime now)
    {
        var conversation = new Conversation(id, contactId, channelId, ConversationStatus.Sent, teamId, subject, now) { AssigneeId = starterId };
        conversation.Record(ConversationEventType.Created, by, now, new { status = conversation.Status, assignee = starterId });
        return conversation;
    }

    /// <summary>May a new customer message be appended here? A deleted conversation never revives.</summary>
    public bool AcceptsInbound => Status != ConversationStatus.Deleted;

    public void ReceiveInbound(string text, DateTime now)
    {
        if (!AcceptsInbound)
            throw new ConversationRuleException("A deleted conversation never revives; start a new one.");
        LastInboundAt = now;
        SetPreview(text);
        switch (Status)
        {
            case ConversationStatus.Resolved or ConversationStatus.Irrelevant or ConversationStatus.Archived:
                // Leaving the archive this way, the status saved for unarchive no longer applies.
                if (Status == ConversationStatus.Archived)
                    PreviousStatus = null;
                Move(ConversationStatus.Open, ConversationEventType.Reopened, EventActor.Contact, now);
                IsSpam = false;
                break;
            case ConversationStatus.Sent or ConversationStatus.Pending:
                Move(ConversationStatus.Open, ConversationEventType.StatusChanged, EventActor.Contact, now);
                break;
            default:
                Touch(now);
                break;
        }
    }

    public void Reply(string text, EventActor by, DateTime now)
    {
        RefuseWhenDeleted();
        SetPreview(text);
        if (by.Type == ActorType.User)
            FirstReplyAt ??= now;
        Touch(now);
    }

    public void AddNote(DateTime now)
    {
        RefuseWhenDeleted();
        Touch(now);
    }

    public void ReplyAndThen(string then, EventActor by, DateTime now)
    {
        switch (then)
        {
            case "archive":
                Archive(by, now, ConversationEventType.RepliedAndArchived);
                break;
            case "reopen":
                Reopen(by, now, ConversationEventType.RepliedAndReopened);
                break;
            case "resolve":
                Resolve(by, now, ConversationEventType.RepliedAndResolved);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(then), then, "archive, reopen or resolve");
        }
    }

    public void Resolve(EventActor by, DateTime now, ConversationEventType type = ConversationEventType.Resolved)
    {
        Require(Status is ConversationStatus.Open or ConversationStatus.Pending or ConversationStatus.Automated or ConversationStatus.Sent or ConversationStatus.Irrelevant,
            "Only an open, pending, automated, sent or irrelevant conversation can be resolved.");
        if (Status == ConversationStatus.Automated && by.Type == ActorType.Bot)
            type = ConversationEventType.BotResolved;
        IsSpam = false;
        Move(ConversationStatus.Resolved, type, by, now);
    }

    public void End(EventActor by, DateTime now)
    {
        Require(ConversationStatuses.Live.Contains(Status), "Only a live conversation can be ended.");
        Move(ConversationStatus.Resolved, ConversationEventType.ChatEnded, by, now);
    }

    public void Reopen(EventActor by, DateTime now, ConversationEventType type = ConversationEventType.Reopened)
    {
        Require(Status is ConversationStatus.Resolved or ConversationStatus.Irrelevant or ConversationStatus.Pending,
            Status == ConversationStatus.Archived ? "An archived conversation is unarchived, not reopened." : "Only a resolved, irrelevant or pending conversation can be reopened.");
        IsSpam = false;
        Move(ConversationStatus.Open, type, by, now);
    }

    public void Archive(EventActor by, DateTime now, ConversationEventType type = ConversationEventType.Archived)
    {
        Require(Status is not (ConversationStatus.Archived or ConversationStatus.Deleted), "The conversation is already archived or deleted.");
        Move(StatusTransition.Archive, type, by, now);
    }

    public void Unarchive(EventActor by, DateTime now)
    {
        Require(Status == ConversationStatus.Archived, "Only an archived conversation can be unarchived.");
        var back = PreviousStatus ?? ConversationStatus.Open;
        PreviousStatus = null;
        Move(back, ConversationEventType.Unarchived, by, now);
    }

    public void MarkSpam(EventActor by, DateTime now)
    {
        Require(Status is not (ConversationStatus.Archived or ConversationStatus.Deleted) && !IsSpam, "Only a live conversation not already marked as spam can be marked as spam.");
        IsSpam = true;
        Move(ConversationStatus.Irrelevant, ConversationEventType.SpamMarked, by, now);
    }

    public void UnmarkSpam(EventActor by, DateTime now)
    {
        Require(IsSpam && Status == ConversationStatus.Irrelevant, "The conversation is not marked as spam.");
        IsSpam = false;
        Move(ConversationStatus.Open, ConversationEventType.SpamUnmarked, by, now);
    }

    public void MarkIrrelevant(EventActor by, DateTime now)
    {
        Require(Status is not (ConversationStatus.Irrelevant or ConversationStatus.Archived or ConversationStatus.Deleted), "Only a live or resolved conversation can be marked irrelevant.");
        Move(ConversationStatus.Irrelevant, ConversationEventType.MarkedIrrelevant, by, now);
    }

    public void Hold(EventActor by, DateTime now)
    {
        Require(Status is ConversationStatus.Open or ConversationStatus.Automated or ConversationStatus.Sent, "Only an open, automated or sent conversation can be put on hold.");
        Move(ConversationStatus.Pending, ConversationEventType.PutOnHold, by, now);
    }

    public void HandOver(EventActor by, DateTime now)
    {
        Require(Status == ConversationStatus.Automated, "Only an automated conversation can be handed over.");
        Move(ConversationStatus.Open, ConversationEventType.BotHandover, by, now);
    }

    // Deleting keeps PreviousStatus as it is: an archived conversation deleted and restored is
    // archived again and still unarchives to the status it had before it was archived.
    public void Delete(EventActor by, DateTime now)
    {
        Require(Status != ConversationStatus.Deleted, "The conversation is already deleted.");
        Move(StatusTransition.Delete, StatusTransition.Delete.Event, by, now);
    }

    public void Restore(EventActor by, DateTime now)
    {
        Require(Status == ConversationStatus.Deleted, "Only a deleted conversation can be restored.");
        var back = DeletedFrom ?? ConversationStatus.Open;
        DeletedFrom = null;
        DeletedAt = null;
        Move(back, ConversationEventType.Restored, by, now);
    }

    /// <returns>false when the assignee is unchanged (no event).</returns>
    public bool AssignTo(Guid? userId, EventActor by, DateTime now)
    {
        RefuseWhenDeleted();
        if (AssigneeId == userId)
            return false;
        var type = (AssigneeId, userId) switch
        {
            (null, _) => ConversationEventType.Assigned,
            (_, null) => ConversationEventType.Unassigned,
            _ => ConversationEventType.Reassigned,
        };
        var from = AssigneeId;
        AssigneeId = userId;
        Record(type, by, now, new { from, to = userId });
        Touch(now);
        return true;
    }

    /// <summary>
    /// Moves it to another team's inbox (or to none). An assignee who is not a member of the new
    /// team gives it back (an Unassigned event after the move): the team now owns the work, and
    /// one of its members takes it. Moving to no team keeps the assignee.
    /// </summary>
    /// <param name="newTeamMembers">The users of <paramref name="teamId"/>.</param>
    /// <returns>false when the team is unchanged (no event).</returns>
    public bool MoveToTeam(Guid? teamId, IReadOnlySet<Guid> newTeamMembers, EventActor by, DateTime now)
    {
        RefuseWhenDeleted();
        if (TeamId == teamId)
            return false;
        var from = TeamId;
        TeamId = teamId;
        Record(ConversationEventType.MovedToTeam, by, now, new { from, to = teamId });
        Touch(now);
        if (teamId is not null && AssigneeId is { } assignee && !newTeamMembers.Contains(assignee))
            AssignTo(null, by, now);
        return true;
    }

    public bool EditSubject(string? subject, EventActor by, DateTime now)
    {
        RefuseWhenDeleted();
        if (Subject == subject)
            return false;
        var from = Subject;
        Subject = subject;
        Record(ConversationEventType.SubjectEdited, by, now, new { from, to = subject });
        Touch(now);
        return true;
    }

    public bool ChangePriority(Priority priority, EventActor by, DateTime now)
    {
        RefuseWhenDeleted();
        if (Priority == priority)
            return false;
        var from = Priority;
        Priority = priority;
        Record(ConversationEventType.PriorityChanged, by, now, new { from, to = priority });
        Touch(now);
        return true;
    }

    public bool AddTag(string tag, EventActor by, DateTime now)
    {
        // A tag already there is no change, so the lock has nothing to refuse: PATCH sends the
        // full list, and resending a resolved conversation's own tags must not block other edits.
        if (_tags.Any(t => t.Tag == tag))
            return false;
        RefuseLockedTags();
        _tags.Add(new ConversationTag(Id, tag));
        Record(ConversationEventType.TagAdded, by, now, new { tag });
        Touch(now);
        return true;
    }

    public bool RemoveTag(string tag, EventActor by, DateTime now)
    {
        if (_tags.All(t => t.Tag != tag))
            return false;
        RefuseLockedTags();
        _tags.RemoveAll(t => t.Tag == tag);
        Record(ConversationEventType.TagRemoved, by, now, new { tag });
        Touch(now);
        return true;
    }

    public void PinNote(Guid messageId, bool pinned, EventActor by, DateTime now)
    {
        RefuseWhenDeleted();
        Record(pinned ? ConversationEventType.NotePinned : ConversationEventType.NoteUnpinned, by, now, new { messageId });
        Touch(now);
    }

    public void RecordReminder(ConversationEventType type, Guid reminderId, EventActor by, DateTime now)
    {
        Record(type, by, now, new { reminderId });
        if (type == ConversationEventType.ReminderTriggered && Status == ConversationStatus.Pending)
            Move(ConversationStatus.Open, ConversationEventType.StatusChanged, EventActor.System, now);
        else
            Touch(now);
    }

    /// <summary>Takes in a merged conversation: its customer message may be the latest, and the preview is of the newest message now held.</summary>
    /// <summary>The provider could not deliver one of our messages (SPEC §4 "delivery failed").</summary>
    public void RecordDeliveryFailed(Guid messageId, string? error, DateTime now)
    {
        Record(ConversationEventType.DeliveryFailed, EventActor.System, now, new { messageId, error });
        Touch(now);
    }

    /// <summary>The customer opted out (STOP…) or back in (START…) by message.</summary>
    public void RecordOptOut(bool optedOut, DateTime now)
    {
        Record(optedOut ? ConversationEventType.ContactOptedOut : ConversationEventType.ContactOptedIn, EventActor.Contact, now, null);
        Touch(now);
    }

    /// <summary>
    /// A message was erased (SPEC §5): the trail keeps who and when, never the text, and the preview
    /// becomes that of the newest message left (null when none). An erasure is not activity: the
    /// last-activity time stays, only the version moves.
    /// </summary>
    public void RecordMessageDeleted(Guid messageId, string? newestText, EventActor by, DateTime now)
    {
        LastMessagePreview = null;
        if (newestText is not null)
            SetPreview(newestText);
        Record(ConversationEventType.MessageDeleted, by, now, new { messageId });
        Version++;
    }

    /// <summary>An attachment was erased: who and when, and which message held it; never its name.</summary>
    public void RecordAttachmentDeleted(Guid attachmentId, Guid? messageId, EventActor by, DateTime now)
    {
        Record(ConversationEventType.AttachmentDeleted, by, now, new { attachmentId, messageId });
        Version++;
    }

    public void RecordMerge(Guid mergedId, DateTime? mergedLastInboundAt, string? latestMessageText, EventActor by, DateTime now)
    {
        RefuseWhenDeleted();
        if (mergedLastInboundAt > LastInboundAt || (LastInboundAt is null && mergedLastInboundAt is not null))
            LastInboundAt = mergedLastInboundAt;
        if (latestMessageText is not null)
            SetPreview(latestMessageText);
        Record(ConversationEventType.Merged, by, now, new { merged = mergedId });
        Touch(now);
    }

    private void RefuseLockedTags()
    {
        RefuseWhenDeleted();
        // Seed rule: once resolved ("closed"), a conversation's tags are locked.
        Require(Status != ConversationStatus.Resolved, "Tags are locked once a conversation is resolved.");
    }

    private void RefuseWhenDeleted() =>
        Require(Status != ConversationStatus.Deleted, "The conversation is deleted; restore it first.");

    private static void Require(bool rule, string message)
    {
        if (!rule)
            throw new ConversationRuleException(message);
    }

    // The columns a transition sets are those StatusTransition names, so this and the set-based
    // form (StatusTransition.Set) cannot drift apart.
    private void Move(StatusTransition transition, ConversationEventType type, EventActor by, DateTime now)
    {
        if (transition.KeepsPreviousStatus)
            PreviousStatus = Status;
        if (transition.KeepsDeletedFrom)
            DeletedFrom = Status;
        if (transition.StampsDeletedAt)
            DeletedAt = now;
        Move(transition.To, type, by, now);
    }

    private void Move(ConversationStatus to, ConversationEventType type, EventActor by, DateTime now)
    {
        var from = Status;
        Status = to;
        Record(type, by, now, new { from, to });
        Touch(now);
    }

    private void Record(ConversationEventType type, EventActor by, DateTime now, object? payload) =>
        _events.Add(new ConversationEvent(Id, type, by, payload, now));

    private void Touch(DateTime now)
    {
        if (now > LastActivityAt)
            LastActivityAt = now;
        Version++;
    }

    private void SetPreview(string text) =>
        LastMessagePreview = text.Length <= PreviewLength ? text : text[..PreviewLength];
}

public sealed class ConversationTag : ITenantOwned
{
    private ConversationTag() { }

    internal ConversationTag(Guid conversationId, string tag)
    {
        ConversationId = conversationId;
        Tag = tag;
    }

    public Guid OrganizationId { get; private set; }
    public Guid ConversationId { get; private set; }
    public string Tag { get; private set; } = "";
}
