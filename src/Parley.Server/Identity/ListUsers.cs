using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Identity;

public sealed class ListUsers(ParleyDbContext db) : IHandler
{
    public async Task<Results<Ok<Page<UserResponse>>, ValidationProblem>> Handle(string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var page = PageRequest.Parse(cursor, limit, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var query = db.Users.AsNoTracking();
        if (page.After is { } after)
            query = query.Where(u => string.Compare(u.NormalizedEmail, after) > 0);
        var rows = await query.OrderBy(u => u.NormalizedEmail).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var users = page.ToPage(rows, u => u.NormalizedEmail);
        return TypedResults.Ok(new Page<UserResponse>([.. users.Items.Select(UserResponse.From)], users.NextCursor));
    }
}
