using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Platform.Tenancy;

namespace Parley.Audit;

/// <summary>Every kind of change the event trail records (SPEC §4). Later issues' kinds are listed now.</summary>
public enum ConversationEventType
{
    Created,
    Assigned,
    Reassigned,
    Unassigned,
    MovedToTeam,
    MovedToChannel,
    TagAdded,
    TagRemoved,
    Resolved,
    Reopened,
    Archived,
    Unarchived,
    SpamMarked,
    SpamUnmarked,
    MarkedIrrelevant,
    ChatEnded,
    RepliedAndArchived,
    RepliedAndReopened,
    RepliedAndResolved,
    WorkflowRunManual,
    WorkflowRunAutomated,
    PutOnHold,
    NotePinned,
    NoteUnpinned,
    Merged,
    AutoResolved,
    AttachmentDeleted,
    MessageDeleted,
    DeliveryFailed,
    Bounced,
    BotHandover,
    BotResolved,
    SubjectEdited,
    PriorityChanged,
    ReminderAdded,
    ReminderTriggered,
    CustomerMarkedSpam,
    CsatSurveySent,
    StatusChangedByMaintenance,
    StatusChanged,
    Deleted,
    Restored,
    ContactOptedOut,
    ContactOptedIn,
}

public enum ActorType
{
    User,
    Contact,
    Bot,
    System,
}

/// <summary>
/// Who caused a change: a user (with their id), the customer, a bot, or Parley itself; and the API
/// token the change was made through, if any.
/// </summary>
public readonly record struct EventActor(ActorType Type, Guid? UserId, Identity.TokenInUse? Token = null)
{
    public static EventActor User(Guid userId) => new(ActorType.User, userId);

    /// <summary>
    /// The caller. A person — in the web app or through their personal token — acts as themselves; an
    /// integration token is a bot acting for its owner (the user id stays the owner's, who answers for it).
    /// Either way the token used is named, so the trail tells a person's clicks from their script's calls.
    /// </summary>
    public static EventActor Of(Identity.CurrentUser me) => me.Token is { } token
        ? new(token.Kind == Identity.ApiTokenKind.Integration ? ActorType.Bot : ActorType.User, me.Id, token)
        : User(me.Id);
    public static readonly EventActor Contact = new(ActorType.Contact, null);
    public static readonly EventActor Bot = new(ActorType.Bot, null);
    public static readonly EventActor System = new(ActorType.System, null);
}

/// <summary>One entry of a conversation's append-only audit trail, written in the change's own transaction.</summary>
public sealed class ConversationEvent : ITenantOwned, Conversations.ITimeOrdered
{
    private ConversationEvent() { }

    public ConversationEvent(Guid id, Guid conversationId, ConversationEventType type, EventActor actor, object? payload, DateTime at)
        : this(conversationId, type, actor, payload, at) =>
        Id = id;

    /// <summary>An event whose id is made when it is added to the context, from the context's clock (<see cref="ConversationEventIds"/>).</summary>
    internal ConversationEvent(Guid conversationId, ConversationEventType type, EventActor actor, object? payload, DateTime at)
    {
        ConversationId = conversationId;
        Type = type;
        ActorType = actor.Type;
        ActorUserId = actor.UserId;
        ActorTokenId = actor.Token?.Id;
        ActorTokenName = actor.Token?.Name;
        Payload = payload is null ? null : JsonSerializer.Serialize(payload, PayloadJson);
        CreatedAt = at;
    }

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid ConversationId { get; private set; }
    public ConversationEventType Type { get; private set; }
    public ActorType ActorType { get; private set; }
    public Guid? ActorUserId { get; private set; }
    /// <summary>The API token the change was made through. No foreign key: the trail outlives a revoked token, so its name is kept too.</summary>
    public Guid? ActorTokenId { get; private set; }
    public string? ActorTokenName { get; private set; }
    /// <summary>JSON details (from/to, tag, message id…); never message text.</summary>
    public string? Payload { get; private set; }
    public DateTime CreatedAt { get; private set; }
}

internal sealed class ConversationEventConfiguration : IEntityTypeConfiguration<ConversationEvent>
{
    public void Configure(EntityTypeBuilder<ConversationEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd().HasValueGenerator<ConversationEventIds>();
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.ActorType).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Payload).HasMaxLength(4000);
        builder.Property(e => e.ActorTokenName).HasMaxLength(Identity.ApiToken.MaxNameLength);
        builder.HasIndex(e => new { e.ConversationId, e.CreatedAt, e.Id });
    }
}

/// <summary>
/// Ids for the events an entity records. <c>Conversation</c> records its events with the time of
/// the change it is given (the demo's history is in the past), but an id takes its time from the
/// clock only (see <see cref="Platform.Ids"/>); the entity has no clock, so the id is made here, when
/// the event is added to the context. EF adds a conversation's new events in the order of its list,
/// so one request's events keep the order they were recorded in.
/// </summary>
internal sealed class ConversationEventIds : Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator<Guid>
{
    public override bool GeneratesTemporaryValues => false;

    public override Guid Next(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        Platform.Ids.New(((Platform.Persistence.ParleyDbContext)entry.Context).Clock);
}
