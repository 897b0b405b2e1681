namespace Parley.Conversations;

/// <summary>
/// The groups of statuses that rules outside the status machine ask about. Two groups on purpose;
/// each caller names the one its rule means.
/// </summary>
public static class ConversationStatuses
{
    /// <summary>
    /// Not finished (Resolved, Irrelevant) and not put away (Archived, Deleted): the four statuses
    /// SPEC §3 retention archives from, and the ones <see cref="Conversation.End"/> accepts. The
    /// business does not start a second live conversation with a contact on a channel: it writes
    /// in the one there is, whoever started it.
    /// </summary>
    public static readonly IReadOnlyList<ConversationStatus> Live =
        [ConversationStatus.Open, ConversationStatus.Pending, ConversationStatus.Automated, ConversationStatus.Sent];

    /// <summary>
    /// Live, and the customer is in it (SPEC §2 broadcasts: "skip contacts in an ongoing
    /// conversation unless has_priority"): a broadcast does not interrupt an exchange under way.
    /// Sent is left out: the contact has not answered the business's earlier message, so there is
    /// no exchange to interrupt, and the broadcast starts a conversation of its own.
    /// </summary>
    public static readonly IReadOnlyList<ConversationStatus> Ongoing =
        [ConversationStatus.Open, ConversationStatus.Pending, ConversationStatus.Automated];
}
