using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Attachments;
using Parley.Conversations;
using Parley.Live;
using Parley.Platform.Persistence;
using Parley.Platform.Scheduling;

namespace Parley.Channels;

/// <summary>
/// Sends queued replies through their channel's provider (<see cref="IChannelAdapter.SendAsync"/>).
/// Each message is claimed by a conditional update (a lease, <see cref="ClaimedWork"/>), so several
/// nodes never send one twice. A provider 5xx, a timeout or a network error is retried with
/// exponential back-off; a 4xx fails the message with the provider's reason and a DeliveryFailed
/// event. Nothing is sent to an opted-out contact.
/// </summary>
public sealed partial class OutboundDelivery(ClaimedWork work, ChannelAdapters adapters, TimeProvider clock, ILogger<OutboundDelivery> logger)
{
    // A claim outlives any one send (the HTTP timeout is 10 s); a crashed node's claims expire.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    // Replies due at once are few; a bounded batch keeps one pass short on every node.
    private const int BatchSize = 100;
    public const int MaxAttempts = 8;

    private sealed record Due(Guid Id, Guid OrganizationId);

    /// <returns>How many messages this pass handed to a provider or failed.</returns>
    public Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return work.RunEachAsync<Message, Due>(
            messages => messages
                .Where(m => m.DeliveryStatus == DeliveryStatus.Queued && m.ExternalMessageId == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
                .OrderBy(m => m.CreatedAt).Take(BatchSize)
                .Select(m => new Due(m.Id, m.OrganizationId)),
            due => due.OrganizationId,
            (services, due, ct) => SendOneAsync(services, due.Id, now, ct),
            cancellationToken);
    }

    private async Task<bool> SendOneAsync(IServiceProvider services, Guid id, DateTime now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ParleyDbContext>();
        var claimed = await ClaimedWork.ClaimAsync(
            db.Messages.Where(m => m.Id == id && m.DeliveryStatus == DeliveryStatus.Queued && m.ExternalMessageId == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now)),
            // The claim ends any hold: a lease is not to be re-timed by a change of business hours.
            s => s.SetProperty(m => m.NextAttemptAt, now + Lease).SetProperty(m => m.DeliveryHold, (DeliveryHold?)null), cancellationToken);
        if (!claimed)
            return false;

        var message = await db.Messages.SingleAsync(m => m.Id == id, cancellationToken);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == message.ConversationId, cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == message.ChannelId, cancellationToken);
        var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == conversation.ContactId, cancellationToken);
        var settings = services.GetRequiredService<ChannelSecrets>().Unprotect(channel.ProtectedSettings);
        var urls = services.GetRequiredService<PublicUrls>();
        var adapter = adapters.For(channel);
        // Providers take files as URLs they fetch from us (Attachments/ServeProviderMedia).
        var media = (await db.Attachments.AsNoTracking().Where(a => a.MessageId == message.Id && a.Status == AttachmentStatus.Stored)
                .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken))
            .Select(a => new OutboundMedia(ServeProviderMedia.UrlOf(urls.Base, a), a)).ToList();

        // Outside business hours the reply waits, still queued, for the next opening (SPEC §2).
        var rules = SendingRules.Of(adapter, channel, settings);
        if (BusinessHours.HeldUntil(rules.Hours, now) is { } opening)
        {
            message.Postpone(opening, DeliveryHold.OutsideBusinessHours);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }

        SendOutcome outcome;
        if (contact.OptedOut)
            outcome = SendOutcome.Refused("The contact opted out; nothing is sent to them.");
        else if (rules.HasNowhereToSend)
        {
            // A bot without a webhook reads replies over the API; the reply stays queued until a
            // webhook is configured (UpdateChannel releases it then), looked at again hourly meanwhile.
            // Not an attempt, not a failure.
            message.Postpone(now + TimeSpan.FromHours(1), DeliveryHold.AwaitingWebhook);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }
        else
        {
            try
            {
                outcome = await adapter.SendAsync(new OutboundReply(channel, settings, conversation, contact, message, media, urls.Base), cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
            {
                outcome = SendOutcome.Retry(e.Message);
            }
        }

        var later = clock.GetUtcNow().UtcDateTime;
        switch (outcome.Kind)
        {
            case SendOutcomeKind.Accepted:
                message.MarkAccepted(outcome.ProviderId!, outcome.Status, later);
                break;
            case SendOutcomeKind.Retry when Backoff.Next(message.SendAttempts, MaxAttempts, later) is { } retryAt:
                message.RetryAt(retryAt);
                LogRetry(logger, message.Id, message.SendAttempts, outcome.Reason);
                break;
            default:
                message.GiveUp(later);
                if (message.ApplyDeliveryStatus(DeliveryStatus.Failed, outcome.Reason, later))
                    conversation.RecordDeliveryFailed(message.Id, outcome.Reason, later);
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        await services.GetRequiredService<ILiveBus>().PublishAsync(LiveNotices.For(conversation, LiveEvent.MessageStatus, data: new Dictionary<string, object?>
        {
            ["messageId"] = message.Id,
            ["deliveryStatus"] = message.DeliveryStatus?.ToString(),
        }), cancellationToken);
        return true;
    }

    /// <summary>
    /// The channel's business hours changed (in the caller's transaction): replies held only for the
    /// hours become due at the new opening, now if it is open. One UPDATE; replies waiting out a
    /// retry's back-off, or being sent, keep their time.
    /// </summary>
    public static Task<int> RetimeHeldRepliesAsync(ParleyDbContext db, Channel channel, DateTime now, CancellationToken cancellationToken)
    {
        var opening = BusinessHours.HeldUntil(BusinessHours.Parse(channel.BusinessHours), now);
        var hold = opening is null ? (DeliveryHold?)null : DeliveryHold.OutsideBusinessHours;
        var due = opening ?? now;
        return db.Messages
            .Where(m => m.ChannelId == channel.Id && m.DeliveryStatus == DeliveryStatus.Queued && m.ExternalMessageId == null
                && m.DeliveryHold == DeliveryHold.OutsideBusinessHours)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, due).SetProperty(m => m.DeliveryHold, hold), cancellationToken);
    }

    /// <summary>
    /// A bot's channel got a webhook: the replies held for one (looked at only hourly) are due at once.
    /// A reply a pass has claimed lost its hold with the claim, so it is left to that pass.
    /// </summary>
    public static Task<int> ReleaseRepliesAwaitingWebhookAsync(ParleyDbContext db, Guid channelId, CancellationToken cancellationToken) =>
        db.Messages
            .Where(m => m.ChannelId == channelId && m.DeliveryStatus == DeliveryStatus.Queued && m.ExternalMessageId == null
                && m.DeliveryHold == DeliveryHold.AwaitingWebhook)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, (DateTime?)null).SetProperty(m => m.DeliveryHold, (DeliveryHold?)null), cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending message {MessageId} failed (attempt {Attempt}); retrying: {Reason}")]
    private static partial void LogRetry(ILogger logger, Guid messageId, int attempt, string? reason);
}

/// <summary>Runs <see cref="OutboundDelivery"/> every 2 seconds on every node.</summary>
internal sealed class OutboundDeliveryService(OutboundDelivery delivery, TimeProvider clock, ILogger<OutboundDeliveryService> logger)
    : Platform.Scheduling.PeriodicService(TimeSpan.FromSeconds(2), clock, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => delivery.SendDueAsync(cancellationToken);
}
