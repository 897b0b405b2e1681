using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Identity;

/// <summary>
/// Issues a token of the caller's; the secret is shown in this answer only. A personal token (the
/// default) acts as the caller; an integration token acts for them as a bot, and only admins make
/// those, because its actions are no longer any one person's.
/// </summary>
public sealed class CreateApiToken(ParleyDbContext db, CurrentUser me, TimeProvider clock, ActivityLog activity) : IHandler
{
    // A person or integration needs a handful; the cap keeps leaks bounded.
    public const int MaxTokensPerUser = 50;

    public sealed record Request(string? Name, ApiTokenKind? Kind = null);

    public sealed record Response(Guid Id, string Name, ApiTokenKind Kind, string Hint, DateTime CreatedAt, string Token);

    public async Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("name", request.Name, ApiToken.MaxNameLength);
        var kind = request.Kind ?? ApiTokenKind.Personal;
        if (!Enum.IsDefined(kind))
            validation.Add("kind", "'kind' must be Personal or Integration.");
        if (!validation.IsValid)
            return validation.ToProblem();
        if (kind == ApiTokenKind.Integration && !me.IsAdmin)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only admins create integration tokens.",
                detail: "Leave out 'kind' (or send Personal) for a token that acts as you.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["kind"] = ["Only admins create Integration tokens."] } });
        if (await db.ApiTokens.CountAsync(t => t.UserId == me.Id, cancellationToken) >= MaxTokensPerUser)
            return Problem.Conflict($"A user can hold at most {MaxTokensPerUser} API tokens.", "Revoke one you no longer use.");

        var (token, secret) = ApiToken.Issue(Ids.New(clock), me.Id, request.Name!.Trim(), kind, clock.GetUtcNow().UtcDateTime);
        db.ApiTokens.Add(token);
        activity.Record(db, ActivityAction.TokenCreated, token.Id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new Response(token.Id, token.Name, token.Kind, token.Hint, token.CreatedAt, secret));
    }
}
