using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Identity;
using Parley.Platform;

namespace Parley.Maintenance;

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

