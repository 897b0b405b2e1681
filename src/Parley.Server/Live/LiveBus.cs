namespace Parley.Live;

/// <summary>
/// What changed, told to the people who may see it (SPEC §2 live notifications). Carries the
/// routing facts the stream needs to decide visibility without a query per event.
/// </summary>
public sealed record LiveEvent(
    string Type,
    Guid OrganizationId,
    Guid ConversationId,
    Guid? AssigneeId,
    Guid? TeamId,
    Guid ChannelId,
    Guid? ForUserId,
    IReadOnlyDictionary<string, object?>? Data)
{
    public const string MessageCreated = "message.created";
    public const string StatusChanged = "conversation.status";
    public const string Assigned = "conversation.assigned";
    public const string ReadChanged = "read.changed";
}

/// <summary>
/// Carries live events from the node where a change committed to every node's subscribers.
/// Publish only after the change's transaction has committed.
/// </summary>
public interface ILiveBus
{
    ValueTask PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken = default);

    IAsyncEnumerable<LiveEvent> SubscribeAsync(Guid organizationId, CancellationToken cancellationToken);
}
