using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Teams;

public sealed class CreateTeam(ParleyDbContext db, TimeProvider clock, ActivityLog activity) : IHandler
{
    public sealed record Request(string? Name);

    public async Task<Results<Created<TeamResponse>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("name", request.Name, 100);
        if (!validation.IsValid)
            return validation.ToProblem();
        var name = request.Name!.Trim();
        if (await db.Teams.AnyAsync(t => t.Name == name, cancellationToken))
            return Problem.Conflict("A team with this name already exists.");

        var team = new Team(Ids.New(clock), name, clock.GetUtcNow().UtcDateTime);
        db.Teams.Add(team);
        activity.Record(db, ActivityAction.TeamCreated, team.Id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/teams/{team.Id}", new TeamResponse(team.Id, team.Name, team.CreatedAt, []));
    }
}
