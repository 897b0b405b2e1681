using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Maintenance;

/// <param name="Overrides">
/// Only the rules the channel overrides, in the shape of the policy: a rule left out inherits, a
/// rule present as null is never for this channel. Left as JSON, since a record could not tell
/// the two apart.
/// </param>
public sealed record ChannelMaintenanceResponse(Guid ChannelId, JsonObject Overrides, EffectiveSettings Effective)
{
    internal static async Task<ChannelMaintenanceResponse> ForAsync(ParleyDbContext db, Guid channelId, RetentionSettings overrides, CancellationToken cancellationToken) =>
        new(channelId, overrides.ToJson(), EffectiveSettings.Of(new EffectiveRetention(await GetMaintenancePolicy.CurrentAsync(db, cancellationToken), overrides)));
}

/// <summary>GET /api/v1/channels/{id}/maintenance: a channel's overrides and the effective values, each with where it comes from.</summary>
public sealed class GetChannelMaintenance(ParleyDbContext db) : IHandler
{
    public async Task<Results<Ok<ChannelMaintenanceResponse>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Channels.AnyAsync(c => c.Id == id, cancellationToken))
            return Problem.NotFound("The channel");
        var overrides = RetentionSettings.Deserialize(await db.ChannelMaintenanceOverrides.Where(o => o.ChannelId == id).Select(o => o.Settings).SingleOrDefaultAsync(cancellationToken));
        return TypedResults.Ok(await ChannelMaintenanceResponse.ForAsync(db, id, overrides, cancellationToken));
    }
}
