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
