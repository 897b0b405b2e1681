using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Organizations;

/// <summary>
/// Whether the server still waits for its first setup, so a sign-in page can send a newcomer to the
/// setup page. It tells an anonymous caller no more than POST /api/v1/setup's answer already would.
/// </summary>
public sealed class GetSetup(ParleyDbContext db) : IHandler
{
    /// <param name="Required">True while no user exists on this server: POST /api/v1/setup would be accepted.</param>
    public sealed record Response(bool Required);

    public async Task<Response> Handle(CancellationToken cancellationToken) =>
        new(!await FoundOrganization.AnyUserAsync(db, cancellationToken));
}
