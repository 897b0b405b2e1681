using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Teams;

/// <summary>Adds a user to a team (idempotent) or removes them.</summary>
public sealed class ChangeTeamMembership(ParleyDbContext db, GetTeam get, TimeProvider clock, ActivityLog activity) : IHandler
{
    public async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> Add(Guid teamId, Guid userId, CancellationToken cancellationToken)
    {
        var team = await db.Teams.Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        if (team is null)
            return Problem.NotFound("The team");
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
            return Problem.NotFound("The user");
        if (team.AddMember(userId, clock.GetUtcNow().UtcDateTime))
        {
            activity.Record(db, ActivityAction.TeamMembershipChanged, teamId);
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok((await get.LoadAsync(teamId, cancellationToken))!);
    }

    public async Task<Results<NoContent, ProblemHttpResult>> Remove(Guid teamId, Guid userId, CancellationToken cancellationToken)
    {
        var team = await db.Teams.Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        if (team is null)
            return Problem.NotFound("The team");
        if (!team.RemoveMember(userId))
            return Problem.NotFound("The member");
        activity.Record(db, ActivityAction.TeamMembershipChanged, teamId);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
