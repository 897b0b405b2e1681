using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Maintenance;

/// <summary>GET /api/v1/maintenance/runs/{id}: one run.</summary>
public sealed class GetRun(ParleyDbContext db) : IHandler
{
    public async Task<Results<Ok<RunResponse>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken) =>
        await db.MaintenanceRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is { } run
            ? TypedResults.Ok(RunResponse.Of(run))
            : Problem.NotFound("The run");
}
