using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Maintenance;

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
