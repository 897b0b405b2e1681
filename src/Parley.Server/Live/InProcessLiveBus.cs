using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Parley.Live;

/// <summary>One process (SQLite): subscribers get events straight from memory.</summary>
public sealed class InProcessLiveBus : ILiveBus
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<LiveEvent>, byte>> _subscribers = new();

    public ValueTask PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken = default)
    {
        Deliver(liveEvent);
        return ValueTask.CompletedTask;
    }

    public ValueTask PublishAsync(IReadOnlyList<LiveEvent> liveEvents, CancellationToken cancellationToken = default)
    {
        foreach (var liveEvent in liveEvents)
            Deliver(liveEvent);
        return ValueTask.CompletedTask;
    }

    internal void Deliver(LiveEvent liveEvent)
    {
        if (!_subscribers.TryGetValue(liveEvent.OrganizationId, out var subscribers))
            return;
        foreach (var subscriber in subscribers.Keys)
            subscriber.Writer.TryWrite(liveEvent);
    }

    public async IAsyncEnumerable<LiveEvent> SubscribeAsync(Guid organizationId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded: a stalled browser drops its oldest events rather than growing the server's memory.
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        var subscribers = _subscribers.GetOrAdd(organizationId, _ => new());
        subscribers[channel] = 0;
        try
        {
            await foreach (var liveEvent in channel.Reader.ReadAllAsync(cancellationToken))
                yield return liveEvent;
        }
        finally
        {
            subscribers.TryRemove(channel, out _);
        }
    }
}
