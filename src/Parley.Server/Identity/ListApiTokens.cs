using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Identity;

/// <summary>GET /api/v1/tokens: the caller's tokens, newest first, keyset-paged like every list.</summary>
public sealed class ListApiTokens(ParleyDbContext db, CurrentUser me) : IHandler
{
    public Task<Results<Ok<Page<ApiTokenResponse>>, ValidationProblem>> Handle(string? cursor, int? limit, CancellationToken cancellationToken) =>
        NewestFirst.PageAsync(cursor, limit, (after, take) =>
        {
            var tokens = db.ApiTokens.AsNoTracking().Where(t => t.UserId == me.Id);
            if (after is var (at, lastId))
                tokens = tokens.Where(t => t.CreatedAt <= at && (t.CreatedAt < at || (t.CreatedAt == at && t.Id.CompareTo(lastId) < 0)));
            return tokens.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(take).ToListAsync(cancellationToken);
        }, t => (t.CreatedAt, t.Id), ApiTokenResponse.From);
}
