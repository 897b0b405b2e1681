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
