using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Organizations;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Identity;

/// <summary>Changes a user's name, email, role or password; a changed password ends their sessions.</summary>
public sealed class UpdateUser(ParleyDbContext db, UserManager<User> users, CurrentUser me, ActivityLog activity) : IHandler
{
    public sealed record Request(string? Name, string? Email, UserRole? Role, string? Password);

    public async Task<Results<Ok<UserResponse>, ProblemHttpResult, ValidationProblem>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
            return Problem.NotFound("The user");

        var validation = new Validation();
        if (request.Name is not null)
            validation.Required("name", request.Name, 200);
        if (request.Email is not null)
            validation.Email("email", request.Email);
        if (request.Password is not null)
            await IdentityErrors.ValidatePasswordAsync(users, user, request.Password, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        if (request.Role is { } role && role != user.Role)
        {
            if (user.Role == UserRole.Admin && !await AnotherAdminRemainsAsync(db, me.OrganizationId, user.Id, cancellationToken))
                return LastAdmin();
            user.ChangeRole(role);
        }
        if (request.Name is not null)
            user.Rename(request.Name.Trim());
        if (request.Email is not null && !string.Equals(request.Email.Trim(), user.Email, StringComparison.Ordinal))
        {
            var normalized = users.NormalizeEmail(request.Email.Trim());
            if (normalized != user.NormalizedEmail && await users.FindByEmailAsync(request.Email.Trim()) is not null)
                return Problem.Conflict("A user with this email already exists.");
            user.Email = request.Email.Trim();
            user.NormalizedEmail = normalized;
        }
        if (request.Password is not null)
        {
            user.PasswordHash = users.PasswordHasher.HashPassword(user, request.Password);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            user.AccessFailedCount = 0;
            user.LockoutEndsAt = null;
        }

        activity.Record(db, ActivityAction.UserUpdated, user.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(UserResponse.From(user));
    }

    internal static async Task<bool> AnotherAdminRemainsAsync(ParleyDbContext db, Guid organizationId, Guid userId, CancellationToken cancellationToken)
    {
        await db.LockOrganizationAsync(organizationId, cancellationToken);
        return await db.Users.AnyAsync(u => u.Role == UserRole.Admin && u.Id != userId, cancellationToken);
    }

    internal static ProblemHttpResult LastAdmin() =>
        Problem.Conflict("An organisation keeps at least one admin.", "Make another user an admin first.");
}
