using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Identity;

public sealed record ApiTokenResponse(Guid Id, string Name, string Hint, Guid UserId, DateTime CreatedAt, DateTime? LastUsedAt)
{
    public static ApiTokenResponse From(ApiToken token) => new(token.Id, token.Name, token.Hint, token.UserId, token.CreatedAt, token.LastUsedAt);
}

/// <summary>Issues a token that acts as the caller; the secret is shown in this answer only.</summary>
public sealed class CreateApiToken(ParleyDbContext db, CurrentUser me, TimeProvider clock) : IHandler
{
    // A person or integration needs a handful; the cap keeps the list unpaged and leaks bounded.
    public const int MaxTokensPerUser = 50;

    public sealed record Request(string? Name);

    public sealed record Response(Guid Id, string Name, string Hint, DateTime CreatedAt, string Token);

    public async Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("name", request.Name, 100);
        if (!validation.IsValid)
            return validation.ToProblem();
        if (await db.ApiTokens.CountAsync(t => t.UserId == me.Id, cancellationToken) >= MaxTokensPerUser)
            return Problem.Conflict($"A user can hold at most {MaxTokensPerUser} API tokens.", "Revoke one you no longer use.");

        var (token, secret) = ApiToken.Issue(Ids.New(clock), me.Id, request.Name!.Trim(), clock.GetUtcNow().UtcDateTime);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new Response(token.Id, token.Name, token.Hint, token.CreatedAt, secret));
    }
}

public sealed class ListApiTokens(ParleyDbContext db, CurrentUser me) : IHandler
{
    public async Task<IReadOnlyList<ApiTokenResponse>> Handle(CancellationToken cancellationToken) =>
        (await db.ApiTokens.AsNoTracking().Where(t => t.UserId == me.Id).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken))
            .ConvertAll(ApiTokenResponse.From);
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
