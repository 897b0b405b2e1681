using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Teams;

public sealed class DeleteTeam(ParleyDbContext db, ActivityLog activity) : IHandler
{
    public async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
            return Problem.NotFound("The team");
        db.Teams.Remove(team);
        activity.Record(db, ActivityAction.TeamDeleted, team.Id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
