namespace Parley.Identity;

public sealed record ApiTokenResponse(Guid Id, string Name, ApiTokenKind Kind, string Hint, Guid UserId, DateTime CreatedAt, DateTime? LastUsedAt)
{
    public static ApiTokenResponse From(ApiToken token) => new(token.Id, token.Name, token.Kind, token.Hint, token.UserId, token.CreatedAt, token.LastUsedAt);
}
