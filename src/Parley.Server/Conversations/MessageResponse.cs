using Parley.Audit;

namespace Parley.Conversations;

public sealed record MessageViewResponse(Guid UserId, DateTime ViewedAt);

/// <param name="SentAt">When each delivery step was reported; a step never reported (a read receipt
/// without a delivery receipt) stays null.</param>
/// <param name="QueuedReason">For a reply still queued: why it waits; <paramref name="ScheduledFor"/> is when it
/// will next be tried (the channel's next opening, the next retry), null when that is not a time.</param>
public sealed record MessageResponse(
    Guid Id,
    MessageDirection Direction,
    MessageKind Kind,
    ActorType AuthorType,
    Guid? AuthorUserId,
    string Text,
    DateTime CreatedAt,
    DeliveryStatus? DeliveryStatus,
    string? DeliveryError,
    DateTime? SentAt,
    DateTime? DeliveredAt,
    DateTime? ReadAt,
    DateTime? FailedAt,
    Channels.QueuedReason? QueuedReason,
    DateTime? ScheduledFor,
    bool IsPinned,
    IReadOnlyList<MessageViewResponse> ViewedBy,
    IReadOnlyList<Attachments.AttachmentResponse> Attachments)
{
    public static MessageResponse Of(Message m, Channels.QueueState? queue, IReadOnlyList<MessageViewResponse> viewedBy, IReadOnlyList<Attachments.AttachmentResponse> attachments) =>
        new(m.Id, m.Direction, m.Kind, m.AuthorType, m.AuthorUserId, m.Text, m.CreatedAt, m.DeliveryStatus, m.DeliveryError,
            m.SentAt, m.DeliveredAt, m.ReadAt, m.FailedAt, queue?.Reason, queue?.ScheduledFor, m.IsPinned, viewedBy, attachments);
}
