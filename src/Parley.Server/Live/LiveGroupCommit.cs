using Parley.Platform.Persistence;

namespace Parley.Live;

/// <summary>Group commit whose committed batches tell open inboxes what changed.</summary>
public abstract class LiveGroupCommit<TItem, TResult>(IServiceScopeFactory scopes, ILiveBus live, IConfiguration configuration, ILogger logger)
    : GroupCommit<TItem, TResult, LiveEvent>(scopes, configuration, logger)
{
    protected sealed override ValueTask PublishAsync(IReadOnlyList<LiveEvent> notices, CancellationToken cancellationToken) =>
        live.PublishAsync(notices, cancellationToken);
}
