using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Identity;

public sealed class CreateUser(ParleyDbContext db, UserManager<User> users, TimeProvider clock, ActivityLog activity) : IHandler
{
    public sealed record Request(string? Name, string? Email, string? Password, UserRole? Role);

    public async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var user = new User(Ids.New(clock), request.Name?.Trim() ?? "", request.Email?.Trim() ?? "", request.Role ?? UserRole.Agent, clock.GetUtcNow().UtcDateTime);
        var validation = new Validation().Required("name", request.Name, 200).Email("email", request.Email);
        await IdentityErrors.ValidatePasswordAsync(users, user, request.Password, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        // Saved by the store's SaveChanges, with the user.
        activity.Record(db, ActivityAction.UserCreated, user.Id);
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            db.ChangeTracker.Clear();
            return created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                ? Problem.Conflict("A user with this email already exists.")
                : created.Errors.Aggregate(new Validation(), (v, e) => v.Add("email", e.Description)).ToProblem();
        }
        return TypedResults.Created($"/api/v1/users/{user.Id}", UserResponse.From(user));
    }
}
