using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Audit;

/// <summary>GET /api/v1/audit/activity: activity records newest first, keyset-paged; from inclusive, to exclusive.</summary>
public sealed class ListActivity(ParleyDbContext db) : IHandler
{
    public sealed record Item(Guid Id, Guid? UserId, string? UserName, ActivityAction Action, Guid? SubjectId, string? Ip, DateTime At);

    public async Task<Results<Ok<Page<Item>>, ValidationProblem>> Handle(DateTimeOffset? from, DateTimeOffset? to, Guid? userId, string? cursor, int? limit,
        CancellationToken cancellationToken)
    {
        if (from > to)
            return new Validation().Add("to", "'to' must not be before 'from'.").ToProblem();
        var records = db.ActivityRecords.AsNoTracking();
        if (from is { } start)
            records = records.Where(r => r.CreatedAt >= start.UtcDateTime);
        if (to is { } end)
            records = records.Where(r => r.CreatedAt < end.UtcDateTime);
        if (userId is { } user)
            records = records.Where(r => r.UserId == user);
        return await NewestFirst.PageAsync(cursor, limit, (after, take) =>
        {
            var page = records;
            if (after is var (at, lastId))
                page = page.Where(r => r.CreatedAt <= at && (r.CreatedAt < at || (r.CreatedAt == at && r.Id.CompareTo(lastId) < 0)));
            return page.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(take)
                .Select(r => new Item(r.Id, r.UserId, db.Users.Where(u => u.Id == r.UserId).Select(u => u.Name).FirstOrDefault(), r.Action, r.SubjectId, r.Ip, r.CreatedAt))
                .ToListAsync(cancellationToken);
        }, r => (r.At, r.Id), r => r);
    }
}
