using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Maintenance;

/// <summary>
/// PUT /api/v1/maintenance/policy: replaces the organisation's settings whole: a rule left out is
/// never, as is null; deleteBufferDays null (or left out) is 30 days. Every change is recorded with
/// who made it and the settings before and after. The body is read as JSON rather than bound to
/// <see cref="MaintenanceSettings"/>, so that each field's problem is answered by its name
/// (<see cref="RetentionSettings.Parse"/>) rather than as a binding failure.
/// </summary>
public sealed class PutMaintenancePolicy(ParleyDbContext db, CurrentUser me, TimeProvider clock, ActivityLog activity) : IHandler
{
    public async Task<Results<Ok<MaintenanceSettings>, ValidationProblem>> Handle(JsonElement body, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var settings = RetentionSettings.Parse(body, validation).Complete();
        if (!validation.IsValid)
            return validation.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        var policy = await db.MaintenancePolicies.SingleOrDefaultAsync(cancellationToken);
        var before = policy?.Settings;
        // No row reads as every rule never, so a PUT of the same is no change: nothing is written,
        // and the history and "updated by" stay those of the last real change.
        if (settings.Serialize() == (before ?? RetentionSettings.Empty.Complete().Serialize()))
            return TypedResults.Ok(MaintenanceSettings.Of(settings));
        if (policy is null)
        {
            policy = new MaintenancePolicy(me.OrganizationId);
            db.MaintenancePolicies.Add(policy);
        }
        policy.Change(settings, me.Id, now);
        db.MaintenancePolicyChanges.Add(new MaintenancePolicyChange(Ids.New(clock), null, me.Id, before, policy.Settings, now));
        activity.Record(db, ActivityAction.PolicyChanged, me.OrganizationId);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(MaintenanceSettings.Of(settings));
    }
}
