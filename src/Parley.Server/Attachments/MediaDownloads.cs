using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Channels;
using Parley.Conversations;
using Parley.Live;
using Parley.Platform.Persistence;
using Parley.Platform.Scheduling;

namespace Parley.Attachments;

/// <summary>
/// Fetches customers' media from the provider into attachment storage, after the message that
/// carries it was committed (the webhook is answered without waiting for a download). The channel's
/// provider says where the file is and with what credentials (<see cref="IChannelAdapter.LocateMediaAsync"/>:
/// Twilio's media URL with the account's sid and auth token; WhatsApp's media id resolved to a
/// short-lived URL read with the access token). Each file is claimed by a conditional update
/// (<see cref="ClaimedWork"/>), so several nodes never fetch one twice; a 5xx or network error is
/// retried with back-off, a 4xx or a file the limits refuse fails the attachment with the reason.
/// Also removes uploads no message took within a day.
/// </summary>
public sealed partial class MediaDownloads(IServiceScopeFactory scopes, ClaimedWork work, ChannelAdapters adapters, IHttpClientFactory http, IAttachmentStore store,
    AttachmentLimits limits, TimeProvider clock, ILogger<MediaDownloads> logger)
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
        var handled = await work.RunEachAsync<Attachment, Due>(
            attachments => attachments
                .Where(a => a.Status == AttachmentStatus.Pending && a.ProviderMedia != null && (a.NextAttemptAt == null || a.NextAttemptAt <= now))
                .OrderBy(a => a.CreatedAt).Take(BatchSize)
                .Select(a => new Due(a.Id, a.OrganizationId)),
            due => due.OrganizationId,
            (services, due, ct) => DownloadOneAsync(services, due.Id, now, ct),
            cancellationToken);
        await RemoveUnsentUploadsAsync(now, cancellationToken);
        return handled;
    }

    private async Task<bool> DownloadOneAsync(IServiceProvider services, Guid id, DateTime now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ParleyDbContext>();
        var claimed = await ClaimedWork.ClaimAsync(
            db.Attachments.Where(a => a.Id == id && a.Status == AttachmentStatus.Pending && (a.NextAttemptAt == null || a.NextAttemptAt <= now)),
            s => s.SetProperty(a => a.NextAttemptAt, now + Lease), cancellationToken);
        if (!claimed)
            return false;

        var attachment = await db.Attachments.SingleAsync(a => a.Id == id, cancellationToken);
        var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == attachment.MessageId, cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == message.ChannelId, cancellationToken);
        var settings = services.GetRequiredService<ChannelSecrets>().Unprotect(channel.ProtectedSettings);

        var key = AttachmentKeys.For(attachment.OrganizationId, attachment.Id);
        string? failure;
        var retry = false;
        try
        {
            var source = await adapters.For(channel).LocateMediaAsync(attachment.ProviderMedia!, settings, limits.MaxBytes, cancellationToken);
            (failure, retry) = source.Url is { } url
                ? await FetchAsync(attachment, key, url, source.Authorization, cancellationToken)
                : (source.Failure, source.Retry);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException && !cancellationToken.IsCancellationRequested)
        {
            (failure, retry) = (e.Message, true);
        }

        var later = clock.GetUtcNow().UtcDateTime;
        if (failure is null)
            LogStored(logger, attachment.Id, attachment.Size);
        else if (retry && Backoff.Next(attachment.DownloadAttempts, MaxAttempts, later) is { } retryAt)
        {
            attachment.RetryAt(retryAt, failure);
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
            await services.GetRequiredService<ILiveBus>().PublishAsync(LiveNotices.For(conversation, LiveEvent.MessageStatus, data: new Dictionary<string, object?>
            {
                ["messageId"] = message.Id,
                ["attachmentId"] = attachment.Id,
                ["attachmentStatus"] = attachment.Status.ToString(),
            }), cancellationToken);
        }
        return attachment.Status != AttachmentStatus.Pending;
    }

    /// <returns>null when stored, else why not and whether a later attempt may succeed.</returns>
    private async Task<(string? Failure, bool Retry)> FetchAsync(Attachment attachment, string key, string url, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return ("The provider's media URL is not an http(s) URL.", false);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = authorization;
        using var response = await http.CreateClient(ProviderHttp.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return ($"The provider answered {(int)response.StatusCode} for the media.", ProviderHttp.IsRetryable(response.StatusCode));
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
