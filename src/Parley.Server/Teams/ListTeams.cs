using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Teams;

public sealed record TeamSummary(Guid Id, string Name, int MemberCount, DateTime CreatedAt);

public sealed class ListTeams(ParleyDbContext db) : IHandler
{
    public async Task<Results<Ok<Page<TeamSummary>>, ValidationProblem>> Handle(string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var page = PageRequest.Parse(cursor, limit, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var query = db.Teams.AsNoTracking();
        if (page.After is { } after)
            query = query.Where(t => string.Compare(t.Name, after) > 0);
        var rows = await query.OrderBy(t => t.Name).Take(page.Limit + 1)
            .Select(t => new TeamSummary(t.Id, t.Name, t.Members.Count, t.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, t => t.Name));
    }
}
