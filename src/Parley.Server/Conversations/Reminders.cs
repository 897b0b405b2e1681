using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;
using Parley.Platform.Scheduling;

namespace Parley.Conversations;

public sealed record ReminderResponse(Guid Id, DateTime DueAt, string? Note, Guid CreatedByUserId, DateTime? FiredAt);

public sealed class AddReminder(ParleyDbContext db, ConversationAccess access, ConversationChanges changes, CurrentUser me, TimeProvider clock) : IHandler
{
    public sealed record Request(DateTime? At, string? Note);

    public async Task<Results<Created<ReminderResponse>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        if (!await (await access.VisibleAsync(cancellationToken)).AnyAsync(c => c.Id == id, cancellationToken))
            return Problem.NotFound("The conversation");
        var now = clock.GetUtcNow().UtcDateTime;
        var validation = new Validation().MaxLength("note", request.Note, 1000);
        if (request.At is not { } at)
            validation.Add("at", "'at' is required.");
        else if (at.ToUniversalTime() <= now)
            validation.Add("at", "'at' must be in the future.");
        if (!validation.IsValid)
            return validation.ToProblem();

        var reminder = new Reminder(Ids.New(clock), id, request.At!.Value.ToUniversalTime(), string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(), me.Id, now);
        var result = await changes.ApplyAsync(id, conversation =>
        {
            db.Reminders.Add(reminder);
            conversation.RecordReminder(ConversationEventType.ReminderAdded, reminder.Id, changes.Actor, now);
        }, cancellationToken);
        return result.Result is ProblemHttpResult problem
            ? problem
            : TypedResults.Created($"/api/v1/conversations/{id}/reminders/{reminder.Id}", new ReminderResponse(reminder.Id, reminder.DueAt, reminder.Note, reminder.CreatedByUserId, null));
    }
}

/// <summary>
/// Fires reminders whose time has come: a "reminder triggered" event, and a pending conversation
/// goes back to Open. Safe on several nodes: each reminder is claimed by a conditional update
/// (<see cref="ClaimedWork"/>), and only the node whose update took it fires it.
/// </summary>
public sealed class FireDueReminders(ClaimedWork work, TimeProvider clock)
{
    // Due reminders are few at any moment; a bounded batch keeps one run short.
    private const int BatchSize = 500;

    private sealed record Due(Guid Id, Guid OrganizationId, Guid ConversationId);

    public Task<int> Handle(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // An organisation's due reminders are fired together, in one transaction.
        return work.RunByOrganizationAsync<Reminder, Due>(
            reminders => reminders
                .Where(r => r.FiredAt == null && r.DueAt <= now)
                .OrderBy(r => r.DueAt).Take(BatchSize)
                .Select(r => new Due(r.Id, r.OrganizationId, r.ConversationId)),
            due => due.OrganizationId,
            (services, due, ct) => FireAsync(services, due, now, ct),
            cancellationToken);
    }

    private static async Task<int> FireAsync(IServiceProvider services, IReadOnlyList<Due> due, DateTime now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ParleyDbContext>();
        var live = services.GetRequiredService<ILiveBus>();
        var notices = new List<LiveEvent>();
        var fired = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var reminder in due)
        {
            if (!await ClaimedWork.ClaimAsync(db.Reminders.Where(r => r.Id == reminder.Id && r.FiredAt == null), s => s.SetProperty(r => r.FiredAt, now), cancellationToken))
                continue;
            var conversation = await db.Conversations.SingleAsync(c => c.Id == reminder.ConversationId, cancellationToken);
            // A conversation in the deletion buffer is not worked on: the reminder is spent
            // silently, so it neither writes to the trail nor pushes back the retention clock.
            if (conversation.Status == ConversationStatus.Deleted)
                continue;
            var before = conversation.Status;
            conversation.RecordReminder(ConversationEventType.ReminderTriggered, reminder.Id, EventActor.System, now);
            if (conversation.Status != before)
                notices.Add(LiveNotices.Status(conversation));
            fired++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await live.PublishAllAsync(notices, cancellationToken);
        return fired;
    }
}

/// <summary>Runs <see cref="FireDueReminders"/> every 15 seconds on every node.</summary>
internal sealed class ReminderService(FireDueReminders fire, TimeProvider clock, ILogger<ReminderService> logger)
    : Platform.Scheduling.PeriodicService(TimeSpan.FromSeconds(15), clock, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => fire.Handle(cancellationToken);
}
