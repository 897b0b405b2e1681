using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Teams;

public sealed class GetTeam(ParleyDbContext db) : IHandler
{
    public async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) is { } team ? TypedResults.Ok(team) : Problem.NotFound("The team");

    internal async Task<TeamResponse?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var team = await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (team is null)
            return null;
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.AddedAt, User = u })
            .OrderBy(m => m.User.Name)
            .Select(m => new TeamResponse.Member(m.User.Id, m.User.Name, m.User.Email, m.AddedAt))
            .ToListAsync(cancellationToken);
        return new TeamResponse(team.Id, team.Name, team.CreatedAt, members);
    }
}
