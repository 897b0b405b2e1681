using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Identity;

/// <summary>Revokes one of the caller's tokens; an admin may revoke any token of the organisation.</summary>
public sealed class RevokeApiToken(ParleyDbContext db, CurrentUser me) : IHandler
{
    public async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        var deleted = await db.ApiTokens.Where(t => t.Id == id && (t.UserId == me.Id || me.IsAdmin)).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problem.NotFound("The API token") : TypedResults.NoContent();
    }
}
