using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Parley.Platform.Persistence;
using Parley.Platform.Tenancy;

namespace Parley.Platform.Scheduling;

/// <summary>
/// The one shape of a per-node background pass that works through due rows of every organisation
/// (replies to send, media to fetch, reminders to fire, and what comes after): find a bounded batch
/// of due work across tenants, then work it in a DI scope of its own that has entered the row's
/// organisation, where each row is first leased by a conditional update (<see cref="ClaimAsync"/>),
/// so that several nodes running the same pass never work one row twice. A failed attempt is
/// retried after <see cref="Backoff"/>.
/// </summary>
public sealed class ClaimedWork(IServiceScopeFactory scopes)
{
    /// <summary>
    /// One pass, a scope per item. <paramref name="findDue"/> gets every organisation's rows and
    /// filters, orders, bounds (Take) and projects them; <paramref name="work"/> runs per item inside
    /// the item's organisation, claims it and says whether it handled it.
    /// </summary>
    /// <returns>How many items the work handled.</returns>
    public async Task<int> RunEachAsync<TEntity, TDue>(
        Func<IQueryable<TEntity>, IQueryable<TDue>> findDue, Func<TDue, Guid> organizationOf,
        Func<IServiceProvider, TDue, CancellationToken, Task<bool>> work, CancellationToken cancellationToken)
        where TEntity : class, ITenantOwned
    {
        var handled = 0;
        foreach (var item in await FindDueAsync(findDue, cancellationToken))
        {
            await using var scope = EnterScope(organizationOf(item));
            if (await work(scope.ServiceProvider, item, cancellationToken))
                handled++;
        }
        return handled;
    }

    /// <summary>
    /// One pass, a scope per organisation: for work whose items of one organisation are written
    /// together (one transaction), claimed one by one inside it.
    /// </summary>
    /// <returns>How many items the work handled.</returns>
    public async Task<int> RunByOrganizationAsync<TEntity, TDue>(
        Func<IQueryable<TEntity>, IQueryable<TDue>> findDue, Func<TDue, Guid> organizationOf,
        Func<IServiceProvider, IReadOnlyList<TDue>, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
        where TEntity : class, ITenantOwned
    {
        var handled = 0;
        foreach (var organization in (await FindDueAsync(findDue, cancellationToken)).GroupBy(organizationOf))
        {
            await using var scope = EnterScope(organization.Key);
            handled += await work(scope.ServiceProvider, [.. organization], cancellationToken);
        }
        return handled;
    }

    /// <summary>
    /// The lease: one conditional UPDATE of the row while it is still due (<paramref name="stillDue"/>),
    /// setting what marks it taken. False when another node or pass took it first.
    /// </summary>
    public static async Task<bool> ClaimAsync<TEntity>(IQueryable<TEntity> stillDue, Action<UpdateSettersBuilder<TEntity>> lease, CancellationToken cancellationToken)
        where TEntity : class =>
        await stillDue.ExecuteUpdateAsync(lease, cancellationToken) > 0;

    private async Task<List<TDue>> FindDueAsync<TEntity, TDue>(Func<IQueryable<TEntity>, IQueryable<TDue>> findDue, CancellationToken cancellationToken)
        where TEntity : class, ITenantOwned
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
        // Due work of every organisation: the search lifts the tenant filter; the work puts it back.
        return await findDue(db.Set<TEntity>().IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AsNoTracking()).ToListAsync(cancellationToken);
    }

    private AsyncServiceScope EnterScope(Guid organizationId)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(organizationId);
        return scope;
    }
}

public static class ClaimedWorkRegistration
{
    /// <summary>Adds <see cref="ClaimedWork"/> for a feature's passes; a second call adds nothing.</summary>
    public static IServiceCollection AddClaimedWork(this IServiceCollection services)
    {
        services.TryAddSingleton<ClaimedWork>();
        return services;
    }
}
