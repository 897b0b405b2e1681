using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Maintenance;

/// <summary>GET /api/v1/maintenance/runs: recent runs (scheduled and manual), newest first, keyset-paged.</summary>
public sealed class ListRuns(ParleyDbContext db) : IHandler
{
    public Task<Results<Ok<Page<RunResponse>>, ValidationProblem>> Handle(string? cursor, int? limit, CancellationToken cancellationToken) =>
        NewestFirst.PageAsync(cursor, limit, (after, take) =>
        {
            var runs = db.MaintenanceRuns.AsNoTracking();
            if (after is var (at, lastId))
                runs = runs.Where(r => r.StartedAt <= at && (r.StartedAt < at || (r.StartedAt == at && r.Id.CompareTo(lastId) < 0)));
            return runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(take).ToListAsync(cancellationToken);
        }, r => (r.StartedAt, r.Id), RunResponse.Of);
}
