using Microsoft.EntityFrameworkCore;
using Parley.Conversations;
using Parley.Live;
using Parley.Platform.Persistence;

namespace Parley.Channels;

/// <summary>
/// Applies a provider's delivery status to the message it names. Statuses only move forward (see
/// Message.ApplyDeliveryStatus), so retries and out-of-order callbacks are harmless. A status for a
/// message Parley does not know (sent from elsewhere, or already purged) is dropped with a log
/// line and acknowledged, so the provider does not retry it forever.
/// </summary>
public sealed partial class DeliveryStatusUpdates(ParleyDbContext db, ILiveBus live, TimeProvider clock, ILogger<DeliveryStatusUpdates> logger)
{
    public async Task ApplyAsync(Guid channelId, string providerMessageId, DeliveryStatus status, string? error, CancellationToken cancellationToken)
    {
        var message = await db.Messages.SingleOrDefaultAsync(m => m.ChannelId == channelId && m.ExternalMessageId == providerMessageId, cancellationToken);
        if (message is null)
        {
            LogUnknown(logger, channelId, providerMessageId, status);
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (!message.ApplyDeliveryStatus(status, error, now))
            return;
        var conversation = await db.Conversations.SingleAsync(c => c.Id == message.ConversationId, cancellationToken);
        if (status == DeliveryStatus.Failed)
            conversation.RecordDeliveryFailed(message.Id, error, now);
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAsync(LiveNotices.For(conversation, LiveEvent.MessageStatus, data: new Dictionary<string, object?>
        {
            ["messageId"] = message.Id,
            ["deliveryStatus"] = message.DeliveryStatus?.ToString(),
        }), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped a {Status} status for unknown message {ProviderMessageId} on channel {ChannelId}")]
    private static partial void LogUnknown(ILogger logger, Guid channelId, string providerMessageId, DeliveryStatus status);
}
