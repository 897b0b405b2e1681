using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Attachments;
using Parley.Conversations;
using Parley.Live;
using Parley.Platform.Persistence;
using Parley.Platform.Tenancy;

namespace Parley.Channels;

/// <summary>
/// Sends queued replies through their channel's provider. Each message is claimed by a conditional
/// update (a lease), so several nodes never send one twice. A provider 5xx, a timeout or a network
/// error is retried with exponential back-off; a 4xx fails the message with the provider's reason
/// and a DeliveryFailed event. Nothing is sent to an opted-out contact.
/// </summary>
public sealed partial class OutboundDelivery(IServiceScopeFactory scopes, IHttpClientFactory http, TimeProvider clock, ILogger<OutboundDelivery> logger)
{
    public const string HttpClientName = "providers";
    // A claim outlives any one send (the HTTP timeout is 10 s); a crashed node's claims expire.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    // Replies due at once are few; a bounded batch keeps one pass short on every node.
    private const int BatchSize = 100;
    public const int MaxAttempts = 8;

    private sealed record Due(Guid Id, Guid OrganizationId);

    /// <returns>How many messages this pass handed to a provider or failed.</returns>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Due> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
            due = await db.Messages.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AsNoTracking()
                .Where(m => m.DeliveryStatus == DeliveryStatus.Queued && m.ExternalMessageId == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
                .OrderBy(m => m.CreatedAt).Take(BatchSize)
                .Select(m => new Due(m.Id, m.OrganizationId))
                .ToListAsync(cancellationToken);
        }
        var handled = 0;
        foreach (var message in due)
        {
            if (await SendOneAsync(message, now, cancellationToken))
                handled++;
        }
        return handled;
    }

    private async Task<bool> SendOneAsync(Due due, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(due.OrganizationId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
        var claimed = await db.Messages
            .Where(m => m.Id == due.Id && m.DeliveryStatus == DeliveryStatus.Queued && m.ExternalMessageId == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            // The claim ends any hold: a lease is not to be re-timed by a change of business hours.
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now + Lease).SetProperty(m => m.DeliveryHold, (DeliveryHold?)null), cancellationToken);
        if (claimed == 0)
            return false;

        var message = await db.Messages.SingleAsync(m => m.Id == due.Id, cancellationToken);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == message.ConversationId, cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == message.ChannelId, cancellationToken);
        var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == conversation.ContactId, cancellationToken);
        var settings = scope.ServiceProvider.GetRequiredService<ChannelSecrets>().Unprotect(channel.ProtectedSettings);
        var urls = scope.ServiceProvider.GetRequiredService<PublicUrls>();
        // Providers take files as URLs they fetch from us (Attachments/ServeProviderMedia).
        var media = (await db.Attachments.AsNoTracking().Where(a => a.MessageId == message.Id && a.Status == AttachmentStatus.Stored)
                .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken))
            .Select(a => new OutboundMedia(ServeProviderMedia.UrlOf(urls.Base, a), a)).ToList();

        // Outside business hours the reply waits, still queued, for the next opening (SPEC §2).
        var rules = SendingRules.Of(channel, settings);
        if (BusinessHours.HeldUntil(rules.Hours, now) is { } opening)
        {
            message.Postpone(opening, DeliveryHold.OutsideBusinessHours);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }

        Outcome outcome;
        if (contact.OptedOut)
            outcome = Outcome.Refused("The contact opted out; nothing is sent to them.");
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
                outcome = channel.Type switch
                {
                    ChannelType.Sms => await SendSmsAsync(channel, settings, contact.Phone, message, media, urls, cancellationToken),
                    ChannelType.WhatsApp => await SendWhatsAppAsync(settings, contact.Phone, message, media, cancellationToken),
                    _ => await SendWebhookAsync(settings, conversation, contact, message, media, cancellationToken),
                };
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
            {
                outcome = Outcome.Retry(e.Message);
            }
        }

        var later = clock.GetUtcNow().UtcDateTime;
        switch (outcome.Kind)
        {
            case OutcomeKind.Accepted:
                message.MarkAccepted(outcome.ProviderId!, outcome.Status, later);
                break;
            case OutcomeKind.Retry when message.SendAttempts + 1 < MaxAttempts:
                message.RetryAt(later + Platform.Scheduling.Backoff.After(message.SendAttempts));
                LogRetry(logger, message.Id, message.SendAttempts, outcome.Reason);
                break;
            default:
                message.GiveUp(later);
                if (message.ApplyDeliveryStatus(DeliveryStatus.Failed, outcome.Reason, later))
                    conversation.RecordDeliveryFailed(message.Id, outcome.Reason, later);
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<ILiveBus>().PublishAsync(LiveNotices.For(conversation, LiveEvent.MessageStatus, data: new Dictionary<string, object?>
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

    private sealed record OutboundMedia(string Url, Attachment File);

    private async Task<Outcome> SendSmsAsync(Channel channel, ChannelSettings settings, string? to, Message message, List<OutboundMedia> media, PublicUrls urls,
        CancellationToken cancellationToken)
    {
        if (to is null)
            return Outcome.Refused("The contact has no phone number.");
        List<KeyValuePair<string, string>> form =
        [
            new("To", to),
            new("From", channel.PhoneNumber ?? ""),
            new("Body", message.Text),
            new("StatusCallback", urls.WebhooksFor(channel)["status"]),
            .. media.Select(m => new KeyValuePair<string, string>("MediaUrl", m.Url)),
        ];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.BaseUrl!.TrimEnd('/')}/2010-04-01/Accounts/{settings.AccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return await FailureAsync(response, "Twilio", cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return Outcome.Accepted(body.RootElement.GetProperty("sid").GetString()!, DeliveryStatus.Queued);
    }

    private async Task<Outcome> SendWhatsAppAsync(ChannelSettings settings, string? to, Message message, List<OutboundMedia> media, CancellationToken cancellationToken)
    {
        if (to is null)
            return Outcome.Refused("The contact has no phone number.");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.BaseUrl!.TrimEnd('/')}/{settings.ApiVersion ?? "v21.0"}/{settings.PhoneNumberId}/messages")
        {
            Content = message.TemplateName is { } template
                ? JsonContent.Create(new
                {
                    messaging_product = "whatsapp", recipient_type = "individual", to = to.TrimStart('+'), type = "template",
                    template = new
                    {
                        name = template,
                        language = new { code = message.TemplateLanguage },
                        components = new[]
                        {
                            new
                            {
                                type = "body",
                                parameters = JsonSerializer.Deserialize<string[]>(message.TemplateParameters ?? "[]")!.Select(p => new { type = "text", text = p }).ToArray(),
                            },
                        },
                    },
                })
                : media.Count > 0
                    ? JsonContent.Create(WhatsAppMedia(to, message.Text, media[0]))
                    : JsonContent.Create(new { messaging_product = "whatsapp", recipient_type = "individual", to = to.TrimStart('+'), type = "text", text = new { body = message.Text } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AccessToken);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return await FailureAsync(response, "WhatsApp", cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return Outcome.Accepted(body.RootElement.GetProperty("messages")[0].GetProperty("id").GetString()!, DeliveryStatus.Queued);
    }

    /// <summary>Cloud API media message: {type: image|audio|video|document, <type>: {link, caption?, filename?}}.</summary>
    private static Dictionary<string, object> WhatsAppMedia(string to, string caption, OutboundMedia media)
    {
        var kind = media.File.ContentType.Split('/')[0] switch
        {
            "image" => "image",
            "audio" => "audio",
            "video" => "video",
            _ => "document",
        };
        var file = new Dictionary<string, object> { ["link"] = media.Url };
        if (caption.Length > 0 && kind != "audio")
            file["caption"] = caption;
        if (kind == "document")
            file["filename"] = media.File.FileName;
        return new Dictionary<string, object>
        {
            ["messaging_product"] = "whatsapp",
            ["recipient_type"] = "individual",
            ["to"] = to.TrimStart('+'),
            ["type"] = kind,
            [kind] = file,
        };
    }

    /// <summary>An API channel's bot receives replies at its webhook, signed X-Parley-Signature: sha256=hex(HMAC-SHA256(body)).</summary>
    private async Task<Outcome> SendWebhookAsync(ChannelSettings settings, Conversation conversation, Contacts.Contact contact, Message message, List<OutboundMedia> media,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "message.created",
            conversationId = conversation.Id,
            messageId = message.Id,
            text = message.Text,
            contact = new { id = contact.Id, name = contact.Name, phone = contact.Phone, externalId = contact.ExternalId },
            attachments = media.Select(m => new { id = m.File.Id, fileName = m.File.FileName, contentType = m.File.ContentType, size = m.File.Size, url = m.Url }),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (settings.SigningSecret is { } secret)
            request.Headers.Add("X-Parley-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? Outcome.Delivered(null) : await FailureAsync(response, "The bot's webhook", cancellationToken);
    }

    private static async Task<Outcome> FailureAsync(HttpResponseMessage response, string provider, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var reason = $"{provider} answered {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] : text)}";
        var retryable = (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
        return retryable ? Outcome.Retry(reason) : Outcome.Refused(reason);
    }

    private enum OutcomeKind
    {
        Accepted,
        Retry,
        Refused,
    }

    private sealed record Outcome(OutcomeKind Kind, string? ProviderId, DeliveryStatus Status, string? Reason)
    {
        public static Outcome Accepted(string providerId, DeliveryStatus status) => new(OutcomeKind.Accepted, providerId, status, null);
        public static Outcome Delivered(string? providerId) => new(OutcomeKind.Accepted, providerId ?? $"parley:{Guid.NewGuid():N}", DeliveryStatus.Delivered, null);
        public static Outcome Retry(string reason) => new(OutcomeKind.Retry, null, DeliveryStatus.Queued, reason);
        public static Outcome Refused(string reason) => new(OutcomeKind.Refused, null, DeliveryStatus.Failed, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending message {MessageId} failed (attempt {Attempt}); retrying: {Reason}")]
    private static partial void LogRetry(ILogger logger, Guid messageId, int attempt, string? reason);
}

/// <summary>Runs <see cref="OutboundDelivery"/> every 2 seconds on every node.</summary>
internal sealed class OutboundDeliveryService(OutboundDelivery delivery, TimeProvider clock, ILogger<OutboundDeliveryService> logger)
    : Platform.Scheduling.PeriodicService(TimeSpan.FromSeconds(2), clock, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => delivery.SendDueAsync(cancellationToken);
}
