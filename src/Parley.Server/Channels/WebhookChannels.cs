using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Parley.Platform.Persistence;

namespace Parley.Channels;

/// <summary>
/// The channel a provider webhook names, with its decrypted settings, kept in memory for a few
/// seconds: every webhook needs them before anything else, and reading and decrypting them per
/// request was a tenth of the server's work under webhook load (docs/benchmarks.md). A change made
/// through this node is seen at once (<see cref="Forget"/>); one made through another node within
/// <see cref="Lifetime"/>, the time a provider's retry takes anyway.
/// </summary>
public sealed class WebhookChannels(IServiceScopeFactory scopes, ChannelSecrets secrets, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    public sealed record Found(Channel Channel, ChannelSettings Settings);

    /// <summary>The channel of that id and type, from any organisation (only its signature proves the caller), or null.</summary>
    public async Task<Found?> FindAsync(Guid channelId, ChannelType type, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!_entries.TryGetValue(channelId, out var entry) || entry.Expires <= now)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
            // Anonymous: the channel names the organisation, and only its secrets prove the caller.
            var channel = await db.Channels.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AsNoTracking()
                .SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
            // An unknown id is not kept: a channel created a moment later must be found.
            if (channel is null)
                return null;
            entry = new Entry(new Found(channel, secrets.Unprotect(channel.ProtectedSettings)), now + Lifetime);
            _entries[channelId] = entry;
        }
        return entry.Found.Channel.Type == type ? entry.Found : null;
    }

    /// <summary>The channel changed on this node: the next webhook reads it again.</summary>
    public void Forget(Guid channelId) => _entries.TryRemove(channelId, out _);

    private sealed record Entry(Found Found, DateTimeOffset Expires);
}
