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
/// PUT /api/v1/channels/{id}/maintenance: replaces a channel's overrides. Same shape as the
/// policy; a rule left out inherits the organisation's value, a rule given as null overrides it
/// with never; <c>{}</c> removes every override. Read as JSON, not bound to a record, because
/// "left out" and "null" mean different things here.
/// </summary>
public sealed class PutChannelMaintenance(ParleyDbContext db, CurrentUser me, TimeProvider clock, ActivityLog activity) : IHandler
{
    public async Task<Results<Ok<ChannelMaintenanceResponse>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, JsonElement body, CancellationToken cancellationToken)
    {
        if (!await db.Channels.AnyAsync(c => c.Id == id, cancellationToken))
            return Problem.NotFound("The channel");
        var validation = new Validation();
        var settings = RetentionSettings.Parse(body, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var now = clock.GetUtcNow().UtcDateTime;
        var overrides = await db.ChannelMaintenanceOverrides.SingleOrDefaultAsync(o => o.ChannelId == id, cancellationToken);
        var before = overrides?.Settings;
        // No row is no overrides: {} (or the same overrides again) is no change and writes nothing.
        if (settings.Serialize() == (before ?? RetentionSettings.Empty.Serialize()))
            return TypedResults.Ok(await ChannelMaintenanceResponse.ForAsync(db, id, settings, cancellationToken));
        if (overrides is null)
        {
            overrides = new ChannelMaintenanceOverride(id);
            db.ChannelMaintenanceOverrides.Add(overrides);
        }
        overrides.Change(settings, me.Id, now);
        db.MaintenancePolicyChanges.Add(new MaintenancePolicyChange(Ids.New(clock), id, me.Id, before, overrides.Settings, now));
        activity.Record(db, ActivityAction.PolicyChanged, id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ChannelMaintenanceResponse.ForAsync(db, id, settings, cancellationToken));
    }
}
