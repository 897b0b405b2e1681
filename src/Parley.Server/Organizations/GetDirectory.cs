using Microsoft.EntityFrameworkCore;
using Parley.Channels;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Organizations;

public sealed record DirectoryUser(Guid Id, string Name, UserRole Role);

/// <param name="MemberIds">The members, in the order of the directory's users (by name).</param>
public sealed record DirectoryTeam(Guid Id, string Name, IReadOnlyList<Guid> MemberIds);

public sealed record DirectoryChannel(Guid Id, string Name, ChannelType Type);

/// <summary>
/// Who and what the caller's organisation has, by name: what an agent needs to show the names of
/// assignees, teams and channels (the user and channel lists are for admins). Names, roles and
/// types only: no emails, settings or secrets.
/// </summary>
public sealed class GetDirectory(ParleyDbContext db) : IHandler
{
    public sealed record Response(IReadOnlyList<DirectoryUser> Users, IReadOnlyList<DirectoryTeam> Teams, IReadOnlyList<DirectoryChannel> Channels);

    public async Task<Response> Handle(CancellationToken cancellationToken)
    {
        var users = ByName(await db.Users.AsNoTracking().Select(u => new DirectoryUser(u.Id, u.Name, u.Role)).ToListAsync(cancellationToken), u => u.Name, u => u.Id);
        var teams = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        var members = (await db.TeamMembers.AsNoTracking().Select(m => new { m.TeamId, m.UserId }).ToListAsync(cancellationToken))
            .ToLookup(m => m.TeamId, m => m.UserId);
        var position = users.Select((u, i) => (u.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var channels = await db.Channels.AsNoTracking().Select(c => new DirectoryChannel(c.Id, c.Name, c.Type)).ToListAsync(cancellationToken);
        return new Response(
            users,
            ByName(teams.ConvertAll(t => new DirectoryTeam(t.Id, t.Name, [.. members[t.Id].OrderBy(id => position.GetValueOrDefault(id, int.MaxValue))])), t => t.Name, t => t.Id),
            ByName(channels, c => c.Name, c => c.Id));
    }

    // Sorted here rather than in SQL: SQLite and PostgreSQL collate names differently, and an
    // organisation's people, teams and channels are a few hundred rows at most.
    private static List<T> ByName<T>(IEnumerable<T> rows, Func<T, string> name, Func<T, Guid> id) =>
        [.. rows.OrderBy(name, StringComparer.OrdinalIgnoreCase).ThenBy(id)];
}
