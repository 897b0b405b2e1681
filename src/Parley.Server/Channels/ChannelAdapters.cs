using Microsoft.EntityFrameworkCore;
using Parley.Platform.Persistence;

namespace Parley.Channels;

/// <summary>The registered providers, by channel type: the one way the server reaches a provider.</summary>
public sealed class ChannelAdapters
{
    private readonly Dictionary<ChannelType, IChannelAdapter> _byType;

    public ChannelAdapters(IEnumerable<IChannelAdapter> adapters)
    {
        _byType = [];
        // A later registration of a type replaces an earlier one, as DI's own "last one wins".
        foreach (var adapter in adapters)
            _byType[adapter.Type] = adapter;
    }

    /// <summary>Every registered provider, in registration order.</summary>
    public IEnumerable<IChannelAdapter> All => _byType.Values;

    /// <summary>The adapter for <paramref name="type"/>, or null when no provider of that type is registered.</summary>
    public IChannelAdapter? Find(ChannelType type) => _byType.GetValueOrDefault(type);

    /// <summary>The adapter of a stored channel's type; its provider is registered, or the channel could not exist.</summary>
    public IChannelAdapter For(ChannelType type) =>
        Find(type) ?? throw new InvalidOperationException($"No channel provider is registered for channel type '{type}'.");

    public IChannelAdapter For(Channel channel) => For(channel.Type);

    /// <summary>Whether the organisation has a channel of that id whose provider answers <paramref name="test"/>.</summary>
    public async Task<bool> AnyChannelAsync(ParleyDbContext db, Guid channelId, Func<IChannelAdapter, bool> test, CancellationToken cancellationToken) =>
        await db.Channels.Where(c => c.Id == channelId).Select(c => (ChannelType?)c.Type).SingleOrDefaultAsync(cancellationToken) is { } type
        && Find(type) is { } adapter && test(adapter);
}

public static class ChannelAdapterRegistration
{
    /// <summary>Registers a provider: its adapter, and the handlers its routes call (as the provider's own extension does).</summary>
    public static IServiceCollection AddChannelAdapter<TAdapter>(this IServiceCollection services)
        where TAdapter : class, IChannelAdapter
    {
        services.AddSingleton<TAdapter>();
        services.AddSingleton<IChannelAdapter>(provider => provider.GetRequiredService<TAdapter>());
        return services;
    }
}
