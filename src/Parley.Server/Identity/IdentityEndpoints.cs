using Microsoft.AspNetCore.Authentication;

namespace Parley.Identity;

public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Sign-in");
        auth.MapPost("/login", (Login.Request request, Login handler, Me me, CancellationToken ct) => handler.Handle(request, me, ct))
            .AllowAnonymous()
            .WithName("Login")
            .WithSummary("Sign in with email and password; sets the session cookie.");
        auth.MapPost("/logout", async (HttpContext context) =>
            {
                await context.SignOutAsync(Authentication.CookieScheme);
                return TypedResults.NoContent();
            })
            .AllowAnonymous()
            .WithName("Logout")
            .WithSummary("End the cookie session.");
        auth.MapGet("/me", (Me handler, CancellationToken ct) => handler.Handle(ct))
            .AddEndpointFilter(SessionAntiforgery.IssueToSession)
            .WithName("GetMe")
            .WithSummary("The signed-in user and their organisation.");

        var tokens = app.MapGroup("/api/v1/tokens").WithTags("API tokens");
        tokens.MapPost("/", (CreateApiToken.Request request, CreateApiToken handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("CreateApiToken")
            .WithSummary("Issue an API token: Personal (default) acts as the caller; Integration (admins only) acts as a bot for them. The secret is returned once.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        tokens.MapGet("/", (string? cursor, int? limit, ListApiTokens handler, CancellationToken ct) => handler.Handle(cursor, limit, ct))
            .WithName("ListApiTokens")
            .WithSummary("The caller's API tokens, newest first, without their secrets.");
        tokens.MapDelete("/{id:guid}", (Guid id, RevokeApiToken handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("RevokeApiToken")
            .WithSummary("Revoke a token (own tokens; admins: any token of the organisation).");

        var users = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(Authentication.AdminPolicy);
        users.MapGet("/", (string? cursor, int? limit, ListUsers handler, CancellationToken ct) => handler.Handle(cursor, limit, ct))
            .WithName("ListUsers")
            .WithSummary("The organisation's users, by email, keyset-paged.");
        users.MapGet("/{id:guid}", (Guid id, GetUser handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("GetUser");
        users.MapPost("/", (CreateUser.Request request, CreateUser handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("CreateUser")
            .WithSummary("Add an agent or admin to the organisation.");
        users.MapPatch("/{id:guid}", (Guid id, UpdateUser.Request request, UpdateUser handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("UpdateUser")
            .WithSummary("Change a user's name, email, role or password.");
        users.MapDelete("/{id:guid}", (Guid id, DeleteUser handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("DeleteUser")
            .WithSummary("Delete a user; the last admin cannot be deleted.");

        return app;
    }
}
