using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Parley.Platform.Tenancy;

namespace Parley.Platform.Persistence;

/// <summary>
/// Group commit: the writes that concurrent requests hand in share one transaction per
/// organisation, so one durable commit — the WAL flush that holds one transaction per request
/// to ~2,000/s on PostgreSQL, and SQLite's single writer likewise — acknowledges many requests.
/// Each request waits until the transaction holding its write has committed: nothing is
/// acknowledged before it is durable, and if the commit fails every request in it gets the failure.
/// <para>
/// One loop takes whatever is queued (up to <c>Parley:GroupCommit:MaxBatch</c>) and never waits for
/// more, so a lone request is written at once; under load, requests queue while a batch commits
/// and the next batch is larger. A batch's organisations are written side by side (a scope acts for
/// one organisation); batches follow each other, so each sees every row the one before it wrote.
/// </para>
/// <para>
/// What a committed batch tells others (<typeparamref name="TNotice"/>: live notices) is published
/// after the commit, in commit order, by <see cref="PublishAsync"/>, which the feature implements.
/// </para>
/// </summary>
public abstract partial class GroupCommit<TItem, TResult, TNotice> : BackgroundService
{
    // A cap, not a target: a batch is whatever queued while the previous one was written, and at
    // 2,000 webhooks/s with 32 to 64 requests in flight that is 10 to 50 (docs/benchmarks.md). The
    // cap keeps one transaction's locks, IN-lists and memory bounded when a backlog builds up.
    private const int DefaultMaxBatch = 100;
    // A conflict means another writer (a second node, an agent) committed first; the next attempt reads its rows.
    private const int Attempts = 3;

    // Operators (dotnet-counters, OpenTelemetry) see how many writes each commit carries.
    private static readonly Meter Meter = new("Parley.GroupCommit");
    private static readonly Histogram<int> BatchSizes = Meter.CreateHistogram<int>("parley.group_commit.batch_size", "{write}", "Writes per committed transaction");

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    // Committed batches' notices, sent in order by a loop of their own: on PostgreSQL a live
    // notice is a NOTIFY, a commit too, and waiting for it would hold up the next batch.
    private readonly Channel<List<Func<TNotice>>> _notices = Channel.CreateUnbounded<List<Func<TNotice>>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger _logger;
    private readonly int _maxBatch;

    protected GroupCommit(IServiceScopeFactory scopes, IConfiguration configuration, ILogger logger)
    {
        _scopes = scopes;
        _logger = logger;
        _maxBatch = Math.Max(1, configuration.GetValue("Parley:GroupCommit:MaxBatch", DefaultMaxBatch));
    }

    /// <summary>
    /// Stages the items in <paramref name="db"/>, in order, each as if the ones before it had been
    /// committed already; the caller saves and commits. Returns each item's result, and adds the
    /// notices to send after the commit (built then: new rows get their organisation on save).
    /// </summary>
    protected abstract Task<IReadOnlyList<TResult>> WriteAsync(ParleyDbContext db, IReadOnlyList<TItem> items, List<Func<TNotice>> notices, CancellationToken cancellationToken);

    /// <summary>Sends one committed batch's notices; called in commit order, one batch at a time.</summary>
    protected abstract ValueTask PublishAsync(IReadOnlyList<TNotice> notices, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="item"/> in the next batch of its organisation and returns once that batch has committed.</summary>
    protected async Task<TResult> SubmitAsync(Guid organizationId, TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(organizationId, item);
        if (!_queue.Writer.TryWrite(pending))
            throw new OperationCanceledException("Parley is shutting down; the write was not taken.");
        // A caller that goes away stops waiting, but the write goes ahead: a retry then finds it stored.
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(_maxBatch);
        var publishing = SendNoticesAsync();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
                    batch.Add(pending);
                await Task.WhenAll(batch.GroupBy(p => p.OrganizationId).Select(g => CommitAsync(g.Key, [.. g], stoppingToken)));
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Stopping: whatever was not written is refused, so its provider retries it elsewhere or later.
            _queue.Writer.TryComplete();
            var refused = new OperationCanceledException("Parley is shutting down; the write was not taken.");
            foreach (var pending in batch)
                pending.Done.TrySetException(refused);
            while (_queue.Reader.TryRead(out var pending))
                pending.Done.TrySetException(refused);
            _notices.Writer.TryComplete();
            await publishing;
        }
    }

    private async Task SendNoticesAsync()
    {
        await foreach (var notices in _notices.Reader.ReadAllAsync())
            await PublishAsync(notices.ConvertAll(notice => notice()), CancellationToken.None);
    }

    private async Task CommitAsync(Guid organizationId, IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            var (results, notices) = await WriteWithRetriesAsync(organizationId, batch, cancellationToken);
            BatchSizes.Record(batch.Count, new KeyValuePair<string, object?>("writer", GetType().Name));
            for (var i = 0; i < batch.Count; i++)
                batch[i].Done.TrySetResult(results[i]);
            _notices.Writer.TryWrite(notices);
        }
        catch (DbUpdateException exception) when (batch.Count > 1)
        {
            // The database refused a row, and it does not say whose: each item goes again in a
            // transaction of its own, so only the one at fault fails and the others are stored.
            LogSplit(_logger, exception, GetType().Name, batch.Count);
            foreach (var pending in batch)
                await CommitAsync(organizationId, [pending], cancellationToken);
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
                pending.Done.TrySetException(exception);
        }
    }

    private async Task<(IReadOnlyList<TResult> Results, List<Func<TNotice>> Notices)> WriteWithRetriesAsync(
        Guid organizationId, IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(organizationId, batch, cancellationToken);
            }
            catch (DbUpdateException exception) when (attempt < Attempts && (exception is DbUpdateConcurrencyException || exception.IsUniqueViolation()))
            {
                LogConflict(_logger, exception, GetType().Name, batch.Count, attempt);
            }
        }
    }

    private async Task<(IReadOnlyList<TResult> Results, List<Func<TNotice>> Notices)> WriteOnceAsync(
        Guid organizationId, IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(organizationId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
        // A failed attempt is discarded whole (a fresh scope retries), so EF's savepoint before
        // SaveChanges would be a round trip for nothing.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var notices = new List<Func<TNotice>>();
        var results = await WriteAsync(db, [.. batch.Select(p => p.Item)], notices, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (results, notices);
    }

    private sealed class Pending(Guid organizationId, TItem item)
    {
        public Guid OrganizationId { get; } = organizationId;
        public TItem Item { get; } = item;
        // Completed by the writer loop; continuations run elsewhere so one request cannot hold up the loop.
        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Writer}: the database refused a batch of {Count}; writing each alone")]
    private static partial void LogSplit(ILogger logger, Exception exception, string writer, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Writer}: a batch of {Count} met a concurrent write (attempt {Attempt}); trying again")]
    private static partial void LogConflict(ILogger logger, Exception exception, string writer, int count, int attempt);
}
