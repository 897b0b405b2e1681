using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Identity;

/// <summary>Revokes one of the caller's tokens; an admin may revoke any token of the organisation.</summary>
public sealed class RevokeApiToken(ParleyDbContext db, CurrentUser me, ActivityLog activity) : IHandler
{
    public async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.ApiTokens.Where(t => t.Id == id && (t.UserId == me.Id || me.IsAdmin)).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
            return Problem.NotFound("The API token");
        activity.Record(db, ActivityAction.TokenRevoked, id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
