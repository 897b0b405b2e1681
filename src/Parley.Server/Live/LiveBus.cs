using Parley.Conversations;

namespace Parley.Live;

/// <summary>
/// What changed, told to the people who may see it (SPEC §2 live notifications). Carries the
/// routing facts the stream needs to decide visibility without a query per event (Status among
/// them: agents never see a Deleted conversation). Ids only, so it always fits in one PostgreSQL
/// NOTIFY payload (8000 bytes).
/// </summary>
public sealed record LiveEvent(
    string Type,
    Guid OrganizationId,
    Guid ConversationId,
    Guid? AssigneeId,
    Guid? TeamId,
    Guid ChannelId,
    ConversationStatus Status,
    Guid? ForUserId,
    IReadOnlyDictionary<string, object?>? Data)
{
    public const string MessageCreated = "message.created";
    public const string MessageStatus = "message.status";
    public const string StatusChanged = "conversation.status";
    public const string Assigned = "conversation.assigned";
    /// <summary>Moved to another team (data: fromTeamId, fromAssigneeId); also told to those who saw it before the move.</summary>
    public const string Moved = "conversation.moved";
    public const string ReadChanged = "read.changed";
    /// <summary>Removed for good (the Maintenance purge, an erasure); Status is the one it had.</summary>
    public const string Purged = "conversation.purged";

    /// <summary>A Guid in Data: a Guid as published, a JSON string once it crossed PostgreSQL's NOTIFY.</summary>
    public Guid? DataGuid(string key) =>
        Data?.GetValueOrDefault(key) switch
        {
            Guid guid => guid,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } json when json.TryGetGuid(out var guid) => guid,
            _ => null,
        };
}

/// <summary>
/// Carries live events from the node where a change committed to every node's subscribers.
/// Publish only after the change's transaction has committed.
/// </summary>
public interface ILiveBus
{
    ValueTask PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken = default);

    /// <summary>Several events in order, at once: on PostgreSQL one round trip and one commit for all of them.</summary>
    ValueTask PublishAsync(IReadOnlyList<LiveEvent> liveEvents, CancellationToken cancellationToken = default);

    IAsyncEnumerable<LiveEvent> SubscribeAsync(Guid organizationId, CancellationToken cancellationToken);
}

/// <summary>One JSON shape for a live event, on the NOTIFY wire and in the browser's stream.</summary>
internal static class LiveJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
