using System.Text.Json.Nodes;
using Parley.Audit;

namespace Parley.Conversations;

/// <param name="Payload">The event's details (from/to, tag, message id…) as a JSON object; <c>{}</c> when it has none.</param>
/// <param name="ActorToken">The API token the change was made through, if any.</param>
public sealed record EventResponse(Guid Id, ConversationEventType Type, ActorType ActorType, Guid? ActorUserId, JsonObject Payload, DateTime CreatedAt,
    ActorTokenResponse? ActorToken)
{
    public static EventResponse Of(ConversationEvent e) => new(e.Id, e.Type, e.ActorType, e.ActorUserId, PayloadOf(e.Payload), e.CreatedAt,
        e.ActorTokenId is { } tokenId ? new ActorTokenResponse(tokenId, e.ActorTokenName ?? "") : null);

    // Stored as text (one column on both databases); always answered as an object so clients never
    // parse a string holding JSON. Every payload is written as an object; anything else is kept under "value".
    private static JsonObject PayloadOf(string? stored) =>
        stored is null ? [] : JsonNode.Parse(stored) switch
        {
            JsonObject payload => payload,
            null => [],
            var other => new JsonObject { ["value"] = other },
        };
}

/// <summary>The API token an event was made through (its name as it was then: a revoked token's row is gone).</summary>
public sealed record ActorTokenResponse(Guid Id, string Name);
