using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Maintenance;

public sealed record RunResponse(
    Guid Id, SweepTrigger Trigger, bool DryRun, MaintenanceRunStatus Status, DateTime StartedAt, DateTime? FinishedAt, Guid? RequestedByUserId,
    JsonNode? Rules, JsonNode? Purged, string? Error)
{
    public static RunResponse Of(MaintenanceRun run) => new(
        run.Id, run.Trigger, run.DryRun, run.Status, run.StartedAt, run.FinishedAt, run.RequestedByUserId,
        run.Report is null ? null : JsonNode.Parse(run.Report), run.Purged is null ? null : JsonNode.Parse(run.Purged), run.Error);
}

/// <summary>
/// POST /api/v1/maintenance/runs?dryRun=true|false: sweeps the caller's organisation now and answers
/// the finished run. A dry run changes nothing and reports per rule how many conversations would move
/// and a sample of their ids. The sweep is not tied to the request: a client that hangs up does not
/// stop it half way (it would be safe, but the report would be lost).
/// </summary>
public sealed class StartRun(MaintenanceSweep sweep, CurrentUser me, IHostApplicationLifetime lifetime) : IHandler
{
    public async Task<Created<RunResponse>> Handle(bool? dryRun, CancellationToken cancellationToken)
    {
        var run = await sweep.RunAsync(me.OrganizationId, SweepTrigger.Manual, me.Id, dryRun ?? false, lifetime.ApplicationStopping);
        return TypedResults.Created($"/api/v1/maintenance/runs/{run.Id}", RunResponse.Of(run));
    }
}

/// <summary>GET /api/v1/maintenance/runs: recent runs (scheduled and manual), newest first, keyset-paged; and one run.</summary>
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

    public async Task<Results<Ok<RunResponse>, ProblemHttpResult>> One(Guid id, CancellationToken cancellationToken) =>
        await db.MaintenanceRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is { } run
            ? TypedResults.Ok(RunResponse.Of(run))
            : Problem.NotFound("The run");
}
