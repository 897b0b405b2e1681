using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Organizations;

/// <summary>Creates an organisation together with its first admin, in one transaction.</summary>
public sealed class FoundOrganization(ParleyDbContext db, UserManager<User> users, TimeProvider clock) : IHandler
{
    public sealed record Request(string? OrganizationName, string? Name, string? Email, string? Password);

    public sealed record Response(OrganizationResponse Organization, UserResponse User);

    public sealed record OrganizationResponse(Guid Id, string Name, string TimeZone, DateTime CreatedAt);

    public enum Mode
    {
        /// <summary>The first organisation of a fresh server: refused once any user exists.</summary>
        FirstSetup,
        /// <summary>A further organisation on a server that allows sign-up.</summary>
        SignUp,
    }

    public async Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> Handle(Request request, Mode mode, CancellationToken cancellationToken)
    {
        if (mode == Mode.FirstSetup && await AnyUserAsync(cancellationToken))
            return AlreadySetUp();

        var now = clock.GetUtcNow().UtcDateTime;
        var organization = new Organization(Ids.New(clock), request.OrganizationName?.Trim() ?? "", now);
        var admin = new User(Ids.New(clock), request.Name?.Trim() ?? "", request.Email?.Trim() ?? "", UserRole.Admin, now);

        var validation = new Validation()
            .Required("organizationName", request.OrganizationName, 200)
            .Required("name", request.Name, 200)
            .Email("email", request.Email);
        await IdentityErrors.ValidatePasswordAsync(users, admin, request.Password, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (mode == Mode.FirstSetup)
        {
            // Checked again inside the transaction; the installation row's key settles a race.
            if (await AnyUserAsync(cancellationToken))
                return AlreadySetUp();
            db.Installations.Add(new Installation { SetUpAt = now });
        }
        db.Organizations.Add(organization);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (mode == Mode.FirstSetup)
        {
            // A concurrent setup passed the check too and committed its installation row first:
            // the only key this insert can collide on is the singleton's, so this setup lost the race.
            return AlreadySetUp();
        }

        db.Tenant.Enter(organization.Id);
        var created = await users.CreateAsync(admin, request.Password!);
        if (!created.Succeeded)
        {
            return created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                ? Problem.Conflict("A user with this email already exists.")
                : created.Errors.Aggregate(new Validation(), (v, e) => v.Add("email", e.Description)).ToProblem();
        }
        await transaction.CommitAsync(cancellationToken);

        return TypedResults.Created(
            $"/api/v1/users/{admin.Id}",
            new Response(new OrganizationResponse(organization.Id, organization.Name, organization.TimeZone, organization.CreatedAt), UserResponse.From(admin)));
    }

    private Task<bool> AnyUserAsync(CancellationToken cancellationToken) => AnyUserAsync(db, cancellationToken);

    /// <summary>Whether the server is set up: the first setup is accepted only while this is false.</summary>
    internal static Task<bool> AnyUserAsync(ParleyDbContext db, CancellationToken cancellationToken) =>
        db.Users.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AnyAsync(cancellationToken);

    private static ProblemHttpResult AlreadySetUp() =>
        Problem.Conflict("Parley is already set up.", "Sign in with an existing admin account to add users or organisations.");
}
