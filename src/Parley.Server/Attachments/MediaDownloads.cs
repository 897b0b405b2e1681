using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Channels;
using Parley.Conversations;
using Parley.Live;
using Parley.Platform.Persistence;
using Parley.Platform.Tenancy;

namespace Parley.Attachments;

/// <summary>
/// Fetches customers' media from the provider into attachment storage, after the message that
/// carries it was committed (the webhook is answered without waiting for a download). Twilio's
/// media URL is read with the channel's account sid and auth token; WhatsApp's media id is
/// resolved to a short-lived URL and read with the channel's access token. Each file is claimed
/// by a conditional update, so several nodes never fetch one twice; a 5xx or network error is
/// retried with back-off, a 4xx or a file the limits refuse fails the attachment with the reason.
/// Also removes uploads no message took within a day.
/// </summary>
public sealed partial class MediaDownloads(IServiceScopeFactory scopes, IHttpClientFactory http, IAttachmentStore store, AttachmentLimits limits,
    TimeProvider clock, ILogger<MediaDownloads> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan UnsentUploadLifetime = TimeSpan.FromDays(1);
    private const int BatchSize = 20;
    public const int MaxAttempts = 8;

    private sealed record Due(Guid Id, Guid OrganizationId);

    /// <returns>How many files this pass stored or failed.</returns>
    public async Task<int> DownloadDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Due> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
            due = await db.Attachments.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AsNoTracking()
                .Where(a => a.Status == AttachmentStatus.Pending && a.ProviderMedia != null && (a.NextAttemptAt == null || a.NextAttemptAt <= now))
                .OrderBy(a => a.CreatedAt).Take(BatchSize)
                .Select(a => new Due(a.Id, a.OrganizationId))
                .ToListAsync(cancellationToken);
        }
        var handled = 0;
        foreach (var attachment in due)
        {
            if (await DownloadOneAsync(attachment, now, cancellationToken))
                handled++;
        }
        await RemoveUnsentUploadsAsync(now, cancellationToken);
        return handled;
    }

    private async Task<bool> DownloadOneAsync(Due due, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(due.OrganizationId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
        var claimed = await db.Attachments
            .Where(a => a.Id == due.Id && a.Status == AttachmentStatus.Pending && (a.NextAttemptAt == null || a.NextAttemptAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.NextAttemptAt, now + Lease), cancellationToken);
        if (claimed == 0)
            return false;

        var attachment = await db.Attachments.SingleAsync(a => a.Id == due.Id, cancellationToken);
        var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == attachment.MessageId, cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == message.ChannelId, cancellationToken);
        var settings = scope.ServiceProvider.GetRequiredService<ChannelSecrets>().Unprotect(channel.ProtectedSettings);

        var key = AttachmentKeys.For(attachment.OrganizationId, attachment.Id);
        string? failure;
        var retry = false;
        try
        {
            (failure, retry) = channel.Type switch
            {
                ChannelType.Sms => await FetchAsync(attachment, key, attachment.ProviderMedia!, Basic(settings), cancellationToken),
                ChannelType.WhatsApp => await FetchWhatsAppAsync(attachment, key, settings, cancellationToken),
                _ => ("The channel does not carry provider media.", false),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException && !cancellationToken.IsCancellationRequested)
        {
            (failure, retry) = (e.Message, true);
        }

        var later = clock.GetUtcNow().UtcDateTime;
        if (failure is null)
            LogStored(logger, attachment.Id, attachment.Size);
        else if (retry && attachment.DownloadAttempts + 1 < MaxAttempts)
        {
            attachment.RetryAt(later + Platform.Scheduling.Backoff.After(attachment.DownloadAttempts), failure);
            LogRetry(logger, attachment.Id, attachment.DownloadAttempts, failure);
        }
        else
        {
            attachment.Fail(failure);
            LogFailed(logger, attachment.Id, failure);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (attachment.Status != AttachmentStatus.Pending)
        {
            var conversation = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == message.ConversationId, cancellationToken);
            await scope.ServiceProvider.GetRequiredService<ILiveBus>().PublishAsync(LiveNotices.For(conversation, LiveEvent.MessageStatus, data: new Dictionary<string, object?>
            {
                ["messageId"] = message.Id,
                ["attachmentId"] = attachment.Id,
                ["attachmentStatus"] = attachment.Status.ToString(),
            }), cancellationToken);
        }
        return attachment.Status != AttachmentStatus.Pending;
    }

    /// <returns>null when stored, else why not and whether a later attempt may succeed.</returns>
    private async Task<(string? Failure, bool Retry)> FetchAsync(Attachment attachment, string key, string url, AuthenticationHeaderValue authorization, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return ("The provider's media URL is not an http(s) URL.", false);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = authorization;
        using var response = await http.CreateClient(OutboundDelivery.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return ($"The provider answered {(int)response.StatusCode} for the media.", IsRetryable(response.StatusCode));
        if (response.Content.Headers.ContentLength > limits.MaxBytes)
            return ($"The file is larger than the limit of {limits.MaxBytes} bytes.", false);
        // The provider's Content-Type is the file's; what the webhook declared is the fallback.
        var contentType = AttachmentLimits.Normalize(response.Content.Headers.ContentType?.MediaType ?? attachment.ContentType);
        if (contentType is null)
            return ($"Files of type '{response.Content.Headers.ContentType?.MediaType ?? attachment.ContentType}' are not accepted.", false);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            var stored = await store.WriteAsync(key, content, limits.MaxBytes, cancellationToken);
            attachment.MarkStored(key, stored.Size, stored.Sha256, contentType);
            return (null, false);
        }
        catch (AttachmentTooLargeException tooLarge)
        {
            return (tooLarge.Message, false);
        }
    }

    /// <summary>Cloud API: GET /{version}/{media-id} names a short-lived URL, read with the same bearer token.</summary>
    private async Task<(string? Failure, bool Retry)> FetchWhatsAppAsync(Attachment attachment, string key, ChannelSettings settings, CancellationToken cancellationToken)
    {
        var bearer = new AuthenticationHeaderValue("Bearer", settings.AccessToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{settings.BaseUrl!.TrimEnd('/')}/{settings.ApiVersion ?? "v21.0"}/{Uri.EscapeDataString(attachment.ProviderMedia!)}");
        request.Headers.Authorization = bearer;
        using var response = await http.CreateClient(OutboundDelivery.HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return ($"WhatsApp answered {(int)response.StatusCode} for media {attachment.ProviderMedia}.", IsRetryable(response.StatusCode));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        // Meta documents file_size as a string ("303833"); a number is read too.
        if (body.RootElement.TryGetProperty("file_size", out var size)
            && long.TryParse(size.ValueKind == JsonValueKind.String ? size.GetString() : size.GetRawText(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes)
            && bytes > limits.MaxBytes)
            return ($"The file is larger than the limit of {limits.MaxBytes} bytes.", false);
        var url = body.RootElement.GetProperty("url").GetString() ?? "";
        return await FetchAsync(attachment, key, url, bearer, cancellationToken);
    }

    private async Task RemoveUnsentUploadsAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
        var cutoff = now - UnsentUploadLifetime;
        var abandoned = await db.Attachments.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AsNoTracking()
            .Where(a => a.MessageId == null && a.CreatedAt < cutoff)
            .OrderBy(a => a.CreatedAt).Take(100)
            .Select(a => new { a.Id, a.StorageKey })
            .ToListAsync(cancellationToken);
        foreach (var upload in abandoned)
        {
            // Only a row still unsent goes: a message may take it in the meantime.
            var removed = await db.Attachments.IgnoreQueryFilters([ParleyDbContext.TenantFilter])
                .Where(a => a.Id == upload.Id && a.MessageId == null)
                .ExecuteDeleteAsync(cancellationToken);
            if (removed == 1 && upload.StorageKey is { } storageKey)
                await store.DeleteAsync(storageKey, cancellationToken);
        }
    }

    private static AuthenticationHeaderValue Basic(ChannelSettings settings) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));

    private static bool IsRetryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored media {AttachmentId} ({Size} bytes)")]
    private static partial void LogStored(ILogger logger, Guid attachmentId, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching media {AttachmentId} failed (attempt {Attempt}); retrying: {Reason}")]
    private static partial void LogRetry(ILogger logger, Guid attachmentId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up fetching media {AttachmentId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid attachmentId, string reason);
}

/// <summary>Runs <see cref="MediaDownloads"/> every 2 seconds on every node.</summary>
internal sealed class MediaDownloadService(MediaDownloads downloads, TimeProvider clock, ILogger<MediaDownloadService> logger)
    : Platform.Scheduling.PeriodicService(TimeSpan.FromSeconds(2), clock, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => downloads.DownloadDueAsync(cancellationToken);
}
