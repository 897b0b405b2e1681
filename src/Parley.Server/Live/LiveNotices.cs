using Parley.Conversations;

namespace Parley.Live;

/// <summary>Builds the live events of a conversation change; sent by the handler once it committed.</summary>
public static class LiveNotices
{
    public static LiveEvent For(Conversation conversation, string type, Guid? forUserId = null, IReadOnlyDictionary<string, object?>? data = null) =>
        new(type, conversation.OrganizationId, conversation.Id, conversation.AssigneeId, conversation.TeamId, conversation.ChannelId, conversation.Status, forUserId, data);

    public static LiveEvent Status(Conversation conversation) =>
        For(conversation, LiveEvent.StatusChanged, data: new Dictionary<string, object?> { ["status"] = conversation.Status.ToString() });

    /// <summary>A conversation changed by set-based work, which loads no entity: the routing facts come with its row.</summary>
    public static LiveEvent Status(Guid organizationId, ConversationRoute route, ConversationStatus status) =>
        new(LiveEvent.StatusChanged, organizationId, route.Id, route.AssigneeId, route.TeamId, route.ChannelId, status, null,
            new Dictionary<string, object?> { ["status"] = status.ToString() });

    public static LiveEvent Purged(Guid organizationId, ConversationRoute route, ConversationStatus status) =>
        new(LiveEvent.Purged, organizationId, route.Id, route.AssigneeId, route.TeamId, route.ChannelId, status, null, null);

    public static LiveEvent NewMessage(Conversation conversation, Message message) =>
        For(conversation, LiveEvent.MessageCreated, data: new Dictionary<string, object?>
        {
            ["messageId"] = message.Id,
            ["direction"] = message.Direction.ToString(),
            ["kind"] = message.Kind.ToString(),
        });

    /// <summary>The conversation changed team; an assignee outside the new team was cleared by the move.</summary>
    public static LiveEvent Moved(Conversation conversation, Guid? fromTeamId, Guid? fromAssigneeId) =>
        For(conversation, LiveEvent.Moved, data: new Dictionary<string, object?>
        {
            ["teamId"] = conversation.TeamId,
            ["fromTeamId"] = fromTeamId,
            ["assigneeId"] = conversation.AssigneeId,
            ["fromAssigneeId"] = fromAssigneeId,
        });

    public static async Task PublishAllAsync(this ILiveBus bus, IEnumerable<LiveEvent> events, CancellationToken cancellationToken) =>
        await bus.PublishAsync([.. events], cancellationToken);
}
