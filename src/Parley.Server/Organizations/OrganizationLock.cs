using Microsoft.EntityFrameworkCore;
using Parley.Platform.Persistence;

namespace Parley.Organizations;

internal static class OrganizationLock
{
    /// <summary>
    /// Serialises rules that span rows of one organisation ("keep at least one admin") within the
    /// current transaction: a no-op update takes the organisation's row lock on PostgreSQL and the
    /// write lock on SQLite, so two such checks cannot both pass and then both write.
    /// </summary>
    public static Task LockOrganizationAsync(this ParleyDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        db.Organizations.Where(o => o.Id == organizationId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, o => o.Name), cancellationToken);
}
