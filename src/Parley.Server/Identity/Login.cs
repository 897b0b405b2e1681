using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;
using Parley.Platform.Tenancy;

namespace Parley.Identity;

/// <summary>Signs a user in with email and password and starts a cookie session for the web app.</summary>
public sealed class Login(IServiceScopeFactory scopes, IHttpContextAccessor http, ActivityLog activity) : IHandler
{
    public sealed record Request(string? Email, string? Password);

    public async Task<Results<Ok<Me.Response>, ValidationProblem, UnauthorizedHttpResult, ProblemHttpResult>> Handle(Request request, Me me, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("email", request.Email, 254).Required("password", request.Password, 256);
        if (!validation.IsValid)
            return validation.ToProblem();

        // Counting failed attempts writes the user row, which needs the user's organisation as the
        // tenant scope. The request's own scope has none (anonymous) or, when the browser still
        // holds a session, possibly another organisation's; so the sign-in works in a scope of its own.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = await users.FindByEmailAsync(request.Email!.Trim());
        if (user is null)
        {
            // Hash anyway, so the answer takes as long for an unknown email as for a wrong password.
            users.PasswordHasher.HashPassword(new User(Guid.Empty, "", "", UserRole.Agent, default), request.Password!);
            return Refused();
        }
        scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(user.OrganizationId);
        if (await users.IsLockedOutAsync(user))
            return LockedOut();
        if (!await users.CheckPasswordAsync(user, request.Password!))
        {
            await users.AccessFailedAsync(user);
            return await users.IsLockedOutAsync(user) ? LockedOut() : Refused();
        }
        if (await users.GetAccessFailedCountAsync(user) > 0)
            await users.ResetAccessFailedCountAsync(user);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
        activity.Record(db, ActivityAction.SignedIn, user.Id, user.Id);
        await db.SaveChangesAsync(cancellationToken);

        var context = http.HttpContext!;
        var principal = Authentication.PrincipalFor(user, Authentication.CookieScheme);
        await context.SignInAsync(Authentication.CookieScheme, principal);
        // The token is bound to the user: issue it for the one just signed in, not the anonymous caller.
        context.User = principal;
        SessionAntiforgery.IssueToken(context);
        return TypedResults.Ok(await me.For(user, cancellationToken));
    }

    private static ProblemHttpResult Refused() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The email or password is incorrect.");

    private static ProblemHttpResult LockedOut() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Too many failed sign-in attempts.",
            detail: "The account is locked for a while; try again later or ask an admin to reset the password.");
}
