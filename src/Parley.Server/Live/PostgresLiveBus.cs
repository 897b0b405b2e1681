using System.Text;
using System.Text.Json;
using Npgsql;
using Parley.Platform.Persistence;

namespace Parley.Live;

/// <summary>
/// Several nodes on one PostgreSQL: a change committed on any node is NOTIFYed on one channel, and
/// each node keeps one LISTEN connection that hands every notification to its own subscribers.
/// A node hears its own notifications too, so publishing never delivers locally (that would
/// deliver twice).
/// </summary>
public sealed partial class PostgresLiveBus : BackgroundService, ILiveBus
{
    public const string ChannelName = "parley_live";

    // PostgreSQL refuses a NOTIFY payload of 8000 bytes or more.
    private const int MaxPayloadBytes = 7999;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);
    // A node that starts should already be listening when it takes its first request, but a
    // database that is down must not keep the node from starting: the loop keeps trying.
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(10);

    private readonly InProcessLiveBus _local;
    private readonly TimeProvider _clock;
    private readonly ILogger<PostgresLiveBus> _logger;
    private readonly NpgsqlDataSource _publishers;
    private readonly NpgsqlDataSource _listener;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgresLiveBus(DatabaseSettings database, InProcessLiveBus local, TimeProvider clock, ILogger<PostgresLiveBus> logger)
    {
        _local = local;
        _clock = clock;
        _logger = logger;
        _publishers = NpgsqlDataSource.Create(database.ConnectionString);
        _listener = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            // The LISTEN connection is held for the node's life, never shared.
            Pooling = false,
            // Waiting for notifications sends nothing, so without keepalives a connection the
            // network silently dropped would wait forever instead of failing and reconnecting.
            KeepAlive = 30,
        }.ConnectionString);
    }

    public ValueTask PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken = default) =>
        PublishAsync([liveEvent], cancellationToken);

    public async ValueTask PublishAsync(IReadOnlyList<LiveEvent> liveEvents, CancellationToken cancellationToken = default)
    {
        var payloads = new List<string>(liveEvents.Count);
        foreach (var liveEvent in liveEvents)
        {
            var payload = JsonSerializer.Serialize(liveEvent, LiveJson.Options);
            if (Encoding.UTF8.GetByteCount(payload) > MaxPayloadBytes)
                LogTooLarge(_logger, liveEvent.Type, liveEvent.ConversationId);
            else
                payloads.Add(payload);
        }
        if (payloads.Count == 0)
            return;
        try
        {
            // A NOTIFY is a transaction that waits for its WAL flush like any commit: all the
            // events of a change (or of a group commit) go in one statement, so they cost one.
            // The change is already committed; the caller going away must not keep the others
            // from hearing of it, hence no request token (the command timeout bounds the wait).
            await using var command = _publishers.CreateCommand("SELECT pg_notify(@channel, payload) FROM unnest(@payloads) AS payload");
            command.Parameters.AddWithValue("channel", ChannelName);
            command.Parameters.AddWithValue("payloads", payloads);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            // A lost live update costs a refresh; failing the request would invite a retry of a
            // change that already happened.
            LogPublishFailed(_logger, exception, liveEvents.Count, liveEvents[0].Type, liveEvents[0].ConversationId);
        }
    }

    public IAsyncEnumerable<LiveEvent> SubscribeAsync(Guid organizationId, CancellationToken cancellationToken) =>
        _local.SubscribeAsync(organizationId, cancellationToken);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        try
        {
            await _listening.Task.WaitAsync(StartWait, _clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogStartedWithoutListening(_logger, StartWait.TotalSeconds);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _listener.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) => Receive(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                if (retry != FirstRetry)
                    LogListeningAgain(_logger);
                retry = FirstRetry;
                _listening.TrySetResult();
                while (true)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Updates NOTIFYed while no connection listens are lost; browsers reload what
                // they show when their stream reconnects, so this is a gap, not a wrong state.
                LogListenFailed(_logger, exception, retry.TotalSeconds);
                try
                {
                    await Task.Delay(retry, _clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private void Receive(string payload)
    {
        LiveEvent? liveEvent;
        try
        {
            liveEvent = JsonSerializer.Deserialize<LiveEvent>(payload, LiveJson.Options);
        }
        catch (JsonException exception)
        {
            LogUnreadable(_logger, exception);
            return;
        }
        if (liveEvent is not null)
            _local.Deliver(liveEvent);
    }

    public override void Dispose()
    {
        base.Dispose();
        _publishers.Dispose();
        _listener.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Live update {Type} of conversation {ConversationId} is too large for a NOTIFY and was not sent")]
    private static partial void LogTooLarge(ILogger logger, string type, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} live updates, the first {Type} of conversation {ConversationId}, could not be sent")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count, string type, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates: the LISTEN connection failed; trying again in {Seconds} s")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live updates: listening again")]
    private static partial void LogListeningAgain(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates: not yet listening after {Seconds} s; the node starts anyway and keeps trying")]
    private static partial void LogStartedWithoutListening(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates: ignored a notification that is not a live event")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
