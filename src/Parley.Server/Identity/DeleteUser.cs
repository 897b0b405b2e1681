using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Identity;

/// <summary>Deletes a user with their API tokens and team memberships; their sessions end at once.</summary>
public sealed class DeleteUser(ParleyDbContext db, CurrentUser me, ActivityLog activity) : IHandler
{
    public async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
            return Problem.NotFound("The user");
        if (user.IsAdmin && !await UpdateUser.AnotherAdminRemainsAsync(db, me.OrganizationId, user.Id, cancellationToken))
            return UpdateUser.LastAdmin();

        db.Users.Remove(user);
        activity.Record(db, ActivityAction.UserDeleted, user.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
