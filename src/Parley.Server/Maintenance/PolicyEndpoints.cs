using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Maintenance;

/// <summary>
/// GET/PUT /api/v1/maintenance/policy: the organisation's settings. PUT replaces them whole: a rule
/// left out is never, as is null; deleteBufferDays null (or left out) is 30 days. Every change is
/// recorded with who made it and the settings before and after.
/// </summary>
public sealed class MaintenancePolicyHandler(ParleyDbContext db, CurrentUser me, TimeProvider clock) : IHandler
{
    public async Task<Ok<JsonObject>> Get(CancellationToken cancellationToken) =>
        TypedResults.Ok((await CurrentAsync(db, cancellationToken)).ToJson());

    public async Task<Results<Ok<JsonObject>, ValidationProblem>> Put(JsonElement body, CancellationToken cancellationToken)
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
            return TypedResults.Ok(settings.ToJson());
        if (policy is null)
        {
            policy = new MaintenancePolicy(me.OrganizationId);
            db.MaintenancePolicies.Add(policy);
        }
        policy.Change(settings, me.Id, now);
        db.MaintenancePolicyChanges.Add(new MaintenancePolicyChange(Ids.New(clock), null, me.Id, before, policy.Settings, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(settings.ToJson());
    }

    internal static async Task<RetentionSettings> CurrentAsync(ParleyDbContext db, CancellationToken cancellationToken) =>
        RetentionSettings.Deserialize(await db.MaintenancePolicies.Select(p => p.Settings).SingleOrDefaultAsync(cancellationToken)).Complete();
}

/// <summary>
/// GET/PUT /api/v1/channels/{id}/maintenance: a channel's overrides. PUT takes the same shape as the
/// policy; a rule left out inherits the organisation's value, a rule given as null overrides it with
/// never; <c>{}</c> removes every override. GET answers the overrides and the effective values with
/// where each comes from.
/// </summary>
public sealed class ChannelMaintenanceHandler(ParleyDbContext db, CurrentUser me, TimeProvider clock) : IHandler
{
    public sealed record Response(Guid ChannelId, JsonObject Overrides, JsonObject Effective);

    public async Task<Results<Ok<Response>, ProblemHttpResult>> Get(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Channels.AnyAsync(c => c.Id == id, cancellationToken))
            return Problem.NotFound("The channel");
        var overrides = RetentionSettings.Deserialize(await db.ChannelMaintenanceOverrides.Where(o => o.ChannelId == id).Select(o => o.Settings).SingleOrDefaultAsync(cancellationToken));
        return TypedResults.Ok(await ResponseAsync(id, overrides, cancellationToken));
    }

    public async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> Put(Guid id, JsonElement body, CancellationToken cancellationToken)
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
            return TypedResults.Ok(await ResponseAsync(id, settings, cancellationToken));
        if (overrides is null)
        {
            overrides = new ChannelMaintenanceOverride(id);
            db.ChannelMaintenanceOverrides.Add(overrides);
        }
        overrides.Change(settings, me.Id, now);
        db.MaintenancePolicyChanges.Add(new MaintenancePolicyChange(Ids.New(clock), id, me.Id, before, overrides.Settings, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(id, settings, cancellationToken));
    }

    private async Task<Response> ResponseAsync(Guid channelId, RetentionSettings overrides, CancellationToken cancellationToken) =>
        new(channelId, overrides.ToJson(), new EffectiveRetention(await MaintenancePolicyHandler.CurrentAsync(db, cancellationToken), overrides).ToJson());
}

/// <summary>GET /api/v1/maintenance/policy/changes: the settings' history, newest first, keyset-paged.</summary>
public sealed class ListPolicyChanges(ParleyDbContext db) : IHandler
{
    public sealed record Change(Guid Id, Guid? ChannelId, Guid? ChangedByUserId, string? ChangedBy, DateTime ChangedAt, JsonNode? Before, JsonNode? After);

    private sealed record Row(Guid Id, Guid? ChannelId, Guid? ChangedByUserId, string? ChangedBy, DateTime ChangedAt, string? OldSettings, string NewSettings);

    public Task<Results<Ok<Page<Change>>, ValidationProblem>> Handle(string? cursor, int? limit, CancellationToken cancellationToken) =>
        NewestFirst.PageAsync(cursor, limit, (after, take) =>
        {
            var changes = db.MaintenancePolicyChanges.AsNoTracking();
            if (after is var (at, lastId))
                changes = changes.Where(c => c.ChangedAt <= at && (c.ChangedAt < at || (c.ChangedAt == at && c.Id.CompareTo(lastId) < 0)));
            return changes.OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).Take(take)
                .Select(c => new Row(c.Id, c.ChannelId, c.ChangedByUserId, db.Users.Where(u => u.Id == c.ChangedByUserId).Select(u => u.Name).FirstOrDefault(),
                    c.ChangedAt, c.OldSettings, c.NewSettings))
                .ToListAsync(cancellationToken);
        }, r => (r.ChangedAt, r.Id),
        r => new Change(r.Id, r.ChannelId, r.ChangedByUserId, r.ChangedBy, r.ChangedAt, r.OldSettings is null ? null : JsonNode.Parse(r.OldSettings), JsonNode.Parse(r.NewSettings)));
}
