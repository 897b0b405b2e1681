using Microsoft.EntityFrameworkCore;
using Parley.Conversations;
using Parley.Platform.Persistence;

namespace Parley.Channels;

/// <summary>Why a reply is still queued.</summary>
public enum QueuedReason
{
    /// <summary>Due now, being sent, or handed to the provider and waiting for its first report.</summary>
    Sending,
    /// <summary>The channel is closed; the reply leaves when it opens (<c>scheduledFor</c>).</summary>
    OutsideBusinessHours,
    /// <summary>The last attempt failed in a way worth retrying; the next one is at <c>scheduledFor</c>.</summary>
    RetryingAfterError,
    /// <summary>An API channel without a webhook URL: nothing sends it until one is set (a bot may read it over the API).</summary>
    NoWebhookConfigured,
}

/// <summary>A queued reply's reason and, when known, when it will next be tried.</summary>
public readonly record struct QueueState(QueuedReason Reason, DateTime? ScheduledFor);

/// <summary>
/// What decides when a channel sends a queued reply: whether it has anywhere to send it, and its
/// business hours. One home for the rule, read by the delivery pass (to send or postpone) and by
/// every message answer (to explain the wait), so the two never disagree.
/// </summary>
public sealed record SendingRules(bool HasNowhereToSend, BusinessHours? Hours)
{
    public static SendingRules Of(IChannelAdapter adapter, Channel channel, ChannelSettings settings) =>
        new(adapter.HasNowhereToSend(settings), BusinessHours.Parse(channel.BusinessHours));

    /// <summary>The channel is closed at <paramref name="now"/>: when it opens next (null: never).</summary>
    public bool IsClosed(DateTime now, out DateTime? opens)
    {
        opens = null;
        if (Hours is not { } hours || hours.IsOpen(now))
            return false;
        opens = hours.NextOpening(now);
        return true;
    }

    /// <summary>Why <paramref name="message"/> waits, or null when it is not a queued reply.</summary>
    public QueueState? Explain(Message message, DateTime now)
    {
        if (message.DeliveryStatus != DeliveryStatus.Queued || message.Direction != MessageDirection.Out || message.Kind != MessageKind.Message)
            return null;
        // The provider took it and has not reported yet: it is on its way.
        if (message.ExternalMessageId is not null)
            return new QueueState(QueuedReason.Sending, null);
        if (HasNowhereToSend)
            return new QueueState(QueuedReason.NoWebhookConfigured, null);
        // A retry that is due is being sent again (or about to be).
        var retryAt = message.SendAttempts > 0 && message.NextAttemptAt > now ? message.NextAttemptAt : null;
        if (IsClosed(now, out var opens))
            return new QueueState(QueuedReason.OutsideBusinessHours, retryAt > opens ? retryAt : opens);
        return retryAt is not null
            ? new QueueState(QueuedReason.RetryingAfterError, retryAt)
            : new QueueState(QueuedReason.Sending, null);
    }
}

/// <summary>Explains the queued replies among messages about to be answered (one channel read per channel involved).</summary>
public sealed class QueuedReplies(ParleyDbContext db, ChannelSecrets secrets, ChannelAdapters adapters, TimeProvider clock)
{
    public async Task<IReadOnlyDictionary<Guid, QueueState>> ExplainAsync(IReadOnlyCollection<Message> messages, CancellationToken cancellationToken)
    {
        var queued = messages.Where(m => m.DeliveryStatus == DeliveryStatus.Queued).ToList();
        if (queued.Count == 0)
            return new Dictionary<Guid, QueueState>();
        var channelIds = queued.Select(m => m.ChannelId).Distinct().ToList();
        var rules = (await db.Channels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToListAsync(cancellationToken))
            .ToDictionary(c => c.Id, c => SendingRules.Of(adapters.For(c), c, secrets.Unprotect(c.ProtectedSettings)));
        var now = clock.GetUtcNow().UtcDateTime;
        var states = new Dictionary<Guid, QueueState>();
        foreach (var message in queued)
        {
            if (rules.TryGetValue(message.ChannelId, out var channel) && channel.Explain(message, now) is { } state)
                states[message.Id] = state;
        }
        return states;
    }
}
