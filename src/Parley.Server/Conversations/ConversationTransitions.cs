using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Conversations;

/// <summary>
/// What a status transition changes besides the status, described once and applied two ways: to
/// one conversation by its method (<see cref="Conversation.Archive"/>, <see cref="Conversation.Delete"/>),
/// and to many rows in one UPDATE by <see cref="ConversationTransitions"/>. Both bump the version,
/// so an agent's save of a conversation that moved under them is refused, not lost.
/// </summary>
public sealed class StatusTransition
{
    /// <summary>Unarchive returns to the status kept in PreviousStatus.</summary>
    public static readonly StatusTransition Archive = new(ConversationStatus.Archived, ConversationEventType.Archived, keepsPreviousStatus: true, keepsDeletedFrom: false, stampsDeletedAt: false);

    /// <summary>
    /// Restore returns to the status kept in DeletedFrom; DeletedAt starts the deletion buffer.
    /// PreviousStatus stays, so an archived conversation deleted and restored still unarchives.
    /// </summary>
    public static readonly StatusTransition Delete = new(ConversationStatus.Deleted, ConversationEventType.Deleted, keepsPreviousStatus: false, keepsDeletedFrom: true, stampsDeletedAt: true);

    private StatusTransition(ConversationStatus to, ConversationEventType @event, bool keepsPreviousStatus, bool keepsDeletedFrom, bool stampsDeletedAt)
    {
        To = to;
        Event = @event;
        KeepsPreviousStatus = keepsPreviousStatus;
        KeepsDeletedFrom = keepsDeletedFrom;
        StampsDeletedAt = stampsDeletedAt;
    }

    public ConversationStatus To { get; }
    /// <summary>The event a person's move writes; the set-based form may name another (a move by Maintenance).</summary>
    public ConversationEventType Event { get; }
    internal bool KeepsPreviousStatus { get; }
    internal bool KeepsDeletedFrom { get; }
    internal bool StampsDeletedAt { get; }

    /// <summary>The transition into <paramref name="status"/>; only Archived and Deleted have a set-based form.</summary>
    public static StatusTransition Into(ConversationStatus status) => status switch
    {
        ConversationStatus.Archived => Archive,
        ConversationStatus.Deleted => Delete,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only Archived and Deleted are entered in bulk."),
    };

    /// <summary>The same columns as the entity's method sets, as one UPDATE (SET reads every column's value from before it).</summary>
    internal void Set(UpdateSettersBuilder<Conversation> setters, DateTime now)
    {
        setters.SetProperty(c => c.Status, To);
        if (KeepsPreviousStatus)
            setters.SetProperty(c => c.PreviousStatus, c => (ConversationStatus?)c.Status);
        if (KeepsDeletedFrom)
            setters.SetProperty(c => c.DeletedFrom, c => (ConversationStatus?)c.Status);
        if (StampsDeletedAt)
            setters.SetProperty(c => c.DeletedAt, (DateTime?)now);
        setters.SetProperty(c => c.Version, c => c.Version + 1);
    }
}

/// <summary>
/// Status transitions of many conversations at once: one UPDATE for the rows and one INSERT for
/// their events, inside the caller's transaction. The caller chooses the conversations and locks
/// them first (<see cref="ISqlDialect.ForUpdate"/>), so each one named moves and gets its event;
/// it publishes their live notices once it has committed. A bulk move is not activity:
/// LastActivityAt stays, so every threshold keeps counting from the last real activity.
/// </summary>
public sealed class ConversationTransitions(ParleyDbContext db, ISqlDialect dialect, TimeProvider clock) : IHandler
{
    /// <param name="from">The status every conversation named is in (checked again by the UPDATE).</param>
    /// <param name="details">Facts the event's payload carries after from and to (the rule that moved it).</param>
    /// <returns>The conversations moved.</returns>
    public async Task<int> MoveAsync(StatusTransition transition, ConversationStatus from, IReadOnlyList<Guid> ids, ConversationEventType type, EventActor by,
        IReadOnlyDictionary<string, object?>? details, DateTime now, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return 0;
        var moved = await db.Conversations.Where(c => ids.Contains(c.Id) && c.Status == from)
            .ExecuteUpdateAsync(s => transition.Set(s, now), cancellationToken);
        var payload = new Dictionary<string, object?> { ["from"] = from, ["to"] = transition.To };
        foreach (var (key, value) in details ?? new Dictionary<string, object?>())
            payload[key] = value;
        var events = ids.Select(id => new ConversationEvent(Ids.New(clock), id, type, by, payload, now)).ToList();
        await dialect.InsertAllAsync(db, events, cancellationToken);
        return moved;
    }
}

/// <summary>Who may see a conversation (the live stream's routing facts), read with its row by set-based work.</summary>
public sealed record ConversationRoute(Guid Id, Guid ChannelId, Guid? AssigneeId, Guid? TeamId);
