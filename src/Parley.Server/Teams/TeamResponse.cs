namespace Parley.Teams;

public sealed record TeamResponse(Guid Id, string Name, DateTime CreatedAt, IReadOnlyList<TeamResponse.Member> Members)
{
    public sealed record Member(Guid UserId, string Name, string Email, DateTime AddedAt);
}
