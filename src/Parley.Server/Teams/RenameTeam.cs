using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Teams;

public sealed class RenameTeam(ParleyDbContext db, GetTeam get, ActivityLog activity) : IHandler
{
    public sealed record Request(string? Name);

    public async Task<Results<Ok<TeamResponse>, ProblemHttpResult, ValidationProblem>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
            return Problem.NotFound("The team");
        var validation = new Validation().Required("name", request.Name, 100);
        if (!validation.IsValid)
            return validation.ToProblem();
        var name = request.Name!.Trim();
        if (await db.Teams.AnyAsync(t => t.Name == name && t.Id != id, cancellationToken))
            return Problem.Conflict("A team with this name already exists.");

        team.Rename(name);
        activity.Record(db, ActivityAction.TeamRenamed, team.Id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await get.LoadAsync(id, cancellationToken))!);
    }
}
