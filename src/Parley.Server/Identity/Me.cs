using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Identity;

/// <summary>Who is signed in, and in which organisation.</summary>
public sealed class Me(ParleyDbContext db, CurrentUser current) : IHandler
{
    public sealed record Response(UserResponse User, Guid OrganizationId, string OrganizationName);

    public async Task<Response> Handle(CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == current.Id, cancellationToken);
        return await For(user, cancellationToken);
    }

    internal async Task<Response> For(User user, CancellationToken cancellationToken)
    {
        var organizationName = await db.Organizations.Where(o => o.Id == user.OrganizationId).Select(o => o.Name).SingleAsync(cancellationToken);
        return new Response(UserResponse.From(user), user.OrganizationId, organizationName);
    }
}
