using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>
/// Edits subject, priority, tags (the full list wanted: each added or removed tag is its own
/// event) and team (admins only; the move clears an assignee outside the new team and is told
/// live). Omitted fields stay as they are.
/// </summary>
public sealed class UpdateConversation(ParleyDbContext db, ConversationAccess access, ConversationChanges changes, Assignment assignment, CurrentUser me) : IHandler
{
    /// <param name="TeamId">Guid.Empty clears the team.</param>
    public sealed record Request(string? Subject, Priority? Priority, IReadOnlyList<string>? Tags, Guid? TeamId);

    public async Task<Results<Ok<ConversationDetail>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        if (!await (await access.VisibleAsync(cancellationToken)).AnyAsync(c => c.Id == id, cancellationToken))
            return Problem.NotFound("The conversation");
        var validation = new Validation().MaxLength("subject", request.Subject, 300);
        var tags = request.Tags?.Select(t => (t ?? "").Trim().ToLowerInvariant()).Distinct().ToList();
        if (tags is not null && tags.Any(t => t.Length is 0 or > 50))
            validation.Add("tags", "Each tag has 1 to 50 characters.");
        if (tags is { Count: > 50 })
            validation.Add("tags", "A conversation has at most 50 tags.");
        if (request.TeamId is { } teamId && teamId != Guid.Empty && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            validation.Add("teamId", "No such team.");
        if (!validation.IsValid)
            return validation.ToProblem();

        var newTeam = request.TeamId is { } wanted && wanted != Guid.Empty ? wanted : (Guid?)null;
        var members = await assignment.MembersAsync(newTeam, cancellationToken);
        var notices = new List<Live.LiveEvent>();
        return (await changes.ApplyAsync(id, conversation =>
        {
            // Resending the team it has is no move, so an agent's full-object PATCH still passes.
            if (request.TeamId is not null && newTeam != conversation.TeamId && !me.IsAdmin)
                return Task.FromResult<ProblemHttpResult?>(Assignment.TeamMoveForbidden);
            var (by, now) = (changes.Actor, changes.Now);
            if (request.Subject is not null)
                conversation.EditSubject(string.IsNullOrWhiteSpace(request.Subject) ? null : request.Subject.Trim(), by, now);
            if (request.Priority is { } priority)
                conversation.ChangePriority(priority, by, now);
            if (request.TeamId is not null && Assignment.Move(conversation, newTeam, members, by, now) is { } moved)
                notices.Add(moved);
            if (tags is not null)
            {
                foreach (var removed in conversation.Tags.Select(t => t.Tag).Except(tags).ToList())
                    conversation.RemoveTag(removed, by, now);
                foreach (var added in tags)
                    conversation.AddTag(added, by, now);
            }
            return Task.FromResult<ProblemHttpResult?>(null);
        }, cancellationToken, _ => notices)).OrInvalid();
    }
}
