using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Identity;

public sealed record ApiTokenResponse(Guid Id, string Name, ApiTokenKind Kind, string Hint, Guid UserId, DateTime CreatedAt, DateTime? LastUsedAt)
{
    public static ApiTokenResponse From(ApiToken token) => new(token.Id, token.Name, token.Kind, token.Hint, token.UserId, token.CreatedAt, token.LastUsedAt);
}

/// <summary>
/// Issues a token of the caller's; the secret is shown in this answer only. A personal token (the
/// default) acts as the caller; an integration token acts for them as a bot, and only admins make
/// those, because its actions are no longer any one person's.
/// </summary>
public sealed class CreateApiToken(ParleyDbContext db, CurrentUser me, TimeProvider clock) : IHandler
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
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new Response(token.Id, token.Name, token.Kind, token.Hint, token.CreatedAt, secret));
    }
}

/// <summary>GET /api/v1/tokens: the caller's tokens, newest first, keyset-paged like every list.</summary>
public sealed class ListApiTokens(ParleyDbContext db, CurrentUser me) : IHandler
{
    public Task<Results<Ok<Page<ApiTokenResponse>>, ValidationProblem>> Handle(string? cursor, int? limit, CancellationToken cancellationToken) =>
        NewestFirst.PageAsync(cursor, limit, (after, take) =>
        {
            var tokens = db.ApiTokens.AsNoTracking().Where(t => t.UserId == me.Id);
            if (after is var (at, lastId))
                tokens = tokens.Where(t => t.CreatedAt <= at && (t.CreatedAt < at || (t.CreatedAt == at && t.Id.CompareTo(lastId) < 0)));
            return tokens.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(take).ToListAsync(cancellationToken);
        }, t => (t.CreatedAt, t.Id), ApiTokenResponse.From);
}

/// <summary>Revokes one of the caller's tokens; an admin may revoke any token of the organisation.</summary>
public sealed class RevokeApiToken(ParleyDbContext db, CurrentUser me) : IHandler
{
    public async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        var deleted = await db.ApiTokens.Where(t => t.Id == id && (t.UserId == me.Id || me.IsAdmin)).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problem.NotFound("The API token") : TypedResults.NoContent();
    }
}
