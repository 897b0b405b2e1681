using Parley.Audit;
using Parley.Platform.Tenancy;

namespace Parley.Conversations;

public enum MessageDirection
{
    In,
    Out,
}

public enum MessageKind
{
    Message,
    /// <summary>An internal note: never leaves Parley, can be pinned.</summary>
    Note,
}

/// <summary>queued (clock) → sent (one tick) → delivered (two ticks) → read (blue ticks); or failed.</summary>
public enum DeliveryStatus
{
    Queued,
    Sent,
    Delivered,
    Read,
    Failed,
}

/// <summary>Why a queued reply is not being sent right now; null while it is due, being sent, or gone.</summary>
public enum DeliveryHold
{
    /// <summary>Written while the channel was closed: due at the next opening, re-timed when the hours change.</summary>
    OutsideBusinessHours,
    /// <summary>The provider failed (5xx, timeout): due after the back-off, never brought forward.</summary>
    RetryingAfterError,
    /// <summary>An API channel with no webhook: the bot reads replies over the API; looked at again hourly.</summary>
    AwaitingWebhook,
}

public sealed class Message : ITenantOwned, ITimeOrdered
{
    private Message() { }

    private Message(Guid id, Guid conversationId, Guid channelId, MessageDirection direction, MessageKind kind, ActorType authorType, Guid? authorUserId, string text, DateTime createdAt)
    {
        Id = id;
        ConversationId = conversationId;
        ChannelId = channelId;
        Direction = direction;
        Kind = kind;
        AuthorType = authorType;
        AuthorUserId = authorUserId;
        Text = text;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid ConversationId { get; private set; }
    public Guid ChannelId { get; private set; }
    public MessageDirection Direction { get; private set; }
    public MessageKind Kind { get; private set; }
    public ActorType AuthorType { get; private set; }
    public Guid? AuthorUserId { get; private set; }
    public string Text { get; private set; } = "";
    /// <summary>The provider's or integration's id; unique per channel, which makes ingestion idempotent.</summary>
    public string? ExternalMessageId { get; private set; }
    public DeliveryStatus? DeliveryStatus { get; private set; }
    public string? DeliveryError { get; private set; }
    public bool IsPinned { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>
    /// When each delivery step of a reply was reported (by the provider's callbacks, or by the send
    /// itself). A step nobody reported stays null: a read receipt without a delivery receipt leaves
    /// <see cref="DeliveredAt"/> unknown rather than inventing a time.
    /// </summary>
    public DateTime? SentAt { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    /// <summary>When the customer read our message (provider read receipt).</summary>
    public DateTime? ReadAt { get; private set; }
    public DateTime? FailedAt { get; private set; }

    public static Message Inbound(Guid id, Conversation conversation, string text, string externalMessageId, DateTime at) =>
        new(id, conversation.Id, conversation.ChannelId, MessageDirection.In, MessageKind.Message, ActorType.Contact, null, text, at)
        {
            ExternalMessageId = externalMessageId,
        };

    public static Message Reply(Guid id, Conversation conversation, EventActor author, string text, DateTime at) =>
        new(id, conversation.Id, conversation.ChannelId, MessageDirection.Out, MessageKind.Message, author.Type, author.UserId, text, at)
        {
            // The channels issue sends it; until then it waits in the queue.
            DeliveryStatus = Conversations.DeliveryStatus.Queued,
        };

    public static Message Note(Guid id, Conversation conversation, EventActor author, string text, DateTime at) =>
        new(id, conversation.Id, conversation.ChannelId, MessageDirection.Out, MessageKind.Note, author.Type, author.UserId, text, at);

    /// <summary>
    /// Moves the delivery status forward only: queued → sent → delivered → read, whatever order the
    /// provider's callbacks arrive in and whichever steps they skip; failed is terminal, and a read
    /// message cannot fail afterwards. A step reported late (sent after delivered) does not move the
    /// status back, but its time is recorded if it was not known; after a failure only the time it
    /// was sent still is (a message can be sent and then fail). Returns whether anything changed.
    /// </summary>
    public bool ApplyDeliveryStatus(DeliveryStatus status, string? error, DateTime at)
    {
        if (Direction != MessageDirection.Out || Kind != MessageKind.Message || DeliveryStatus is null)
            return false;
        var current = DeliveryStatus.Value;
        if (current is Conversations.DeliveryStatus.Failed)
            return status == Conversations.DeliveryStatus.Sent && Record(status, at);
        if (status == Conversations.DeliveryStatus.Failed)
        {
            if (current == Conversations.DeliveryStatus.Read)
                return false;
            DeliveryStatus = status;
            DeliveryError = error is { Length: > 500 } ? error[..500] : error;
            Record(status, at);
            return true;
        }
        var recorded = Record(status, at);
        if (status <= current)
            return recorded;
        DeliveryStatus = status;
        return true;
    }

    /// <summary>Notes when <paramref name="step"/> happened unless it is known already; whether it was new.</summary>
    private bool Record(DeliveryStatus step, DateTime at)
    {
        switch (step)
        {
            case Conversations.DeliveryStatus.Sent when SentAt is null:
                SentAt = at;
                return true;
            case Conversations.DeliveryStatus.Delivered when DeliveredAt is null:
                DeliveredAt = at;
                return true;
            case Conversations.DeliveryStatus.Read when ReadAt is null:
                ReadAt = at;
                return true;
            case Conversations.DeliveryStatus.Failed when FailedAt is null:
                FailedAt = at;
                return true;
            default:
                return false;
        }
    }

    /// <summary>A registered WhatsApp template this message is sent as (name, language, {{n}} parameters as JSON).</summary>
    public string? TemplateName { get; private set; }
    public string? TemplateLanguage { get; private set; }
    public string? TemplateParameters { get; private set; }

    public void UseTemplate(string name, string language, IReadOnlyList<string> parameters)
    {
        TemplateName = name;
        TemplateLanguage = language;
        TemplateParameters = System.Text.Json.JsonSerializer.Serialize(parameters);
    }

    /// <summary>Outbound attempts so far, and when the next may start (a claim lease, or a hold's end).</summary>
    public int SendAttempts { get; private set; }
    public DateTime? NextAttemptAt { get; private set; }
    /// <summary>Why NextAttemptAt lies ahead, so a change of business hours re-times only what waits for them.</summary>
    public DeliveryHold? DeliveryHold { get; private set; }

    /// <summary>
    /// The provider accepted the message and named it; its status callbacks use this id. A provider
    /// that answers with a later status (a bot's webhook took it: delivered) went through the steps
    /// before it at that moment too.
    /// </summary>
    public void MarkAccepted(string providerMessageId, DeliveryStatus status, DateTime at)
    {
        ExternalMessageId = providerMessageId;
        NextAttemptAt = null;
        DeliveryHold = null;
        if (status <= Conversations.DeliveryStatus.Queued)
            return;
        for (var step = Conversations.DeliveryStatus.Sent; step <= status; step++)
            Record(step, at);
        DeliveryStatus = status;
    }

    /// <summary>Not now (the channel is closed, or has nowhere to send): look again at <paramref name="at"/>, without counting an attempt.</summary>
    public void Postpone(DateTime at, DeliveryHold why)
    {
        NextAttemptAt = at;
        DeliveryHold = why;
    }

    /// <summary>A retryable failure (provider 5xx, timeout): try again after a back-off.</summary>
    public void RetryAt(DateTime at)
    {
        SendAttempts++;
        NextAttemptAt = at;
        DeliveryHold = Conversations.DeliveryHold.RetryingAfterError;
    }

    /// <summary>The last attempt failed for good: counted, and nothing more is waited for.</summary>
    public void GiveUp(DateTime at)
    {
        SendAttempts++;
        NextAttemptAt = at;
        DeliveryHold = null;
    }

    public void Pin(bool pinned)
    {
        if (Kind != MessageKind.Note)
            throw new ConversationRuleException("Only internal notes can be pinned.");
        if (IsPinned == pinned)
            throw new ConversationRuleException(pinned ? "The note is already pinned." : "The note is not pinned.");
        IsPinned = pinned;
    }
}

/// <summary>When a user first saw a customer message (the "viewed" indicator).</summary>
public sealed class MessageView : ITenantOwned
{
    private MessageView() { }

    public static MessageView First(Guid messageId, Guid userId, Guid conversationId, DateTime at) =>
        new() { MessageId = messageId, UserId = userId, ConversationId = conversationId, ViewedAt = at };

    public Guid OrganizationId { get; private set; }
    public Guid MessageId { get; private set; }
    public Guid UserId { get; private set; }
    public Guid ConversationId { get; private set; }
    public DateTime ViewedAt { get; private set; }
}

/// <summary>
/// One user's read state of one conversation. Unread for a user means: marked unread, or never
/// read while a customer message exists, or a customer message came after the last read.
/// </summary>
public sealed class ConversationRead : ITenantOwned
{
    private ConversationRead() { }

    public ConversationRead(Guid conversationId, Guid userId)
    {
        ConversationId = conversationId;
        UserId = userId;
    }

    public Guid OrganizationId { get; private set; }
    public Guid ConversationId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTime? ReadAt { get; private set; }
    public bool MarkedUnread { get; private set; }

    public void MarkRead(DateTime now)
    {
        ReadAt = now;
        MarkedUnread = false;
    }

    public void MarkUnread() => MarkedUnread = true;

    public static bool IsUnread(DateTime? lastInboundAt, DateTime? readAt, bool markedUnread) =>
        markedUnread || (lastInboundAt is { } inbound && (readAt is null || inbound > readAt));
}

public sealed class Reminder : ITenantOwned
{
    private Reminder() { }

    public Reminder(Guid id, Guid conversationId, DateTime dueAt, string? note, Guid createdByUserId, DateTime createdAt)
    {
        Id = id;
        ConversationId = conversationId;
        DueAt = dueAt;
        Note = note;
        CreatedByUserId = createdByUserId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid ConversationId { get; private set; }
    public DateTime DueAt { get; private set; }
    public string? Note { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? FiredAt { get; private set; }
}
