using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Maintenance;

/// <summary>GET /api/v1/maintenance/policy: the organisation's settings, every rule present (null is never).</summary>
public sealed class GetMaintenancePolicy(ParleyDbContext db) : IHandler
{
    public async Task<Ok<MaintenanceSettings>> Handle(CancellationToken cancellationToken) =>
        TypedResults.Ok(MaintenanceSettings.Of(await CurrentAsync(db, cancellationToken)));

    internal static async Task<RetentionSettings> CurrentAsync(ParleyDbContext db, CancellationToken cancellationToken) =>
        RetentionSettings.Deserialize(await db.MaintenancePolicies.Select(p => p.Settings).SingleOrDefaultAsync(cancellationToken)).Complete();
}
