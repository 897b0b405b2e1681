using Microsoft.EntityFrameworkCore;
using Parley.Conversations;
using Parley.Live;
using Parley.Platform.Persistence;
using Parley.Platform.Tenancy;

namespace Parley.Channels;

/// <summary>
/// Applies a provider's delivery status to the message it names. Statuses only move forward (see
/// Message.ApplyDeliveryStatus), so retries and out-of-order callbacks are harmless. A status for a
/// message Parley does not know (sent from elsewhere, or already purged) is dropped with a log
/// line and acknowledged, so the provider does not retry it forever.
/// </summary>
public sealed class DeliveryStatusUpdates(TenantScope tenant, DeliveryStatusWriter writer)
{
    /// <summary>Returns once the status is durable. The caller has entered the channel's organisation (its signature proved it).</summary>
    public Task ApplyAsync(Guid channelId, string providerMessageId, DeliveryStatus status, string? error, CancellationToken cancellationToken) =>
        writer.ApplyAsync(
            tenant.OrganizationId ?? throw new InvalidOperationException("A delivery status is applied inside its channel's organisation."),
            new DeliveryStatusWriter.Update(channelId, providerMessageId, status, error), cancellationToken);
}

/// <summary>
/// Status callbacks arrive about as often as customer messages, so they are written the same way:
/// by group commit, one transaction for an organisation's queued statuses, applied in the order
/// they arrived, each as if those before it were already stored.
/// </summary>
public sealed partial class DeliveryStatusWriter(
    IServiceScopeFactory scopes, ILiveBus live, TimeProvider clock, IConfiguration configuration, ILogger<DeliveryStatusWriter> logger)
    : LiveGroupCommit<DeliveryStatusWriter.Update, bool>(scopes, live, configuration, logger)
{
    public sealed record Update(Guid ChannelId, string ProviderMessageId, DeliveryStatus Status, string? Error);

    public Task ApplyAsync(Guid organizationId, Update update, CancellationToken cancellationToken) =>
        SubmitAsync(organizationId, update, cancellationToken);

    /// <returns>Per update, whether it changed the message.</returns>
    protected override async Task<IReadOnlyList<bool>> WriteAsync(
        ParleyDbContext db, IReadOnlyList<Update> updates, List<Func<LiveEvent>> notices, CancellationToken cancellationToken)
    {
        var channelIds = updates.Select(u => u.ChannelId).Distinct().ToList();
        var providerIds = updates.Select(u => u.ProviderMessageId).Distinct().ToList();
        var messages = await db.Messages
            .Where(m => channelIds.Contains(m.ChannelId) && providerIds.Contains(m.ExternalMessageId!))
            .ToDictionaryAsync(m => (m.ChannelId, m.ExternalMessageId!), cancellationToken);
        var conversationIds = messages.Values.Select(m => m.ConversationId).Distinct().ToList();
        var conversations = await db.Conversations.Where(c => conversationIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

        var changed = new List<bool>(updates.Count);
        foreach (var (channelId, providerMessageId, status, error) in updates)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (!messages.TryGetValue((channelId, providerMessageId), out var message))
            {
                LogUnknown(logger, channelId, providerMessageId, status);
                changed.Add(false);
                continue;
            }
            var before = message.DeliveryStatus;
            if (!message.ApplyDeliveryStatus(status, error, now))
            {
                changed.Add(false);
                continue;
            }
            var conversation = conversations[message.ConversationId];
            if (status == DeliveryStatus.Failed && before != DeliveryStatus.Failed)
                conversation.RecordDeliveryFailed(message.Id, error, now);
            var data = new Dictionary<string, object?>
            {
                ["messageId"] = message.Id,
                ["deliveryStatus"] = message.DeliveryStatus?.ToString(),
            };
            notices.Add(() => LiveNotices.For(conversation, LiveEvent.MessageStatus, data: data));
            changed.Add(true);
        }
        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped a {Status} status for unknown message {ProviderMessageId} on channel {ChannelId}")]
    private static partial void LogUnknown(ILogger logger, Guid channelId, string providerMessageId, DeliveryStatus status);
}
