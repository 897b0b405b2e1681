using System.Security.Cryptography;

namespace Parley.ProviderSimulator.Delivery;

/// <summary>
/// Fetches a send's media URLs after the send was answered, as Twilio and Meta do before delivering,
/// records what came back on the message, and only then queues its delivery reports: whether every
/// fetch worked decides between the usual reports and a failure.
/// </summary>
public sealed class MediaFetcher(
    IHttpClientFactory clients, SimulatorState state, CallbackQueue callbacks, IHostApplicationLifetime lifetime,
    ILogger<MediaFetcher> logger)
{
    public const string ClientName = "media";

    /// <param name="userAgent">How the provider's fetcher names itself, so a media server's logs look real.</param>
    /// <param name="reports">The delivery reports for the message, chosen from the fetch results.</param>
    public void FetchThenReport(
        SentMessage message, string userAgent, Func<IReadOnlyList<FetchedMedia>, IEnumerable<OutgoingWebhook>> reports)
    {
        var generation = state.Generation;
        var stopping = lifetime.ApplicationStopping;
        // Not awaited: the client already has its answer, and one slow media server must hold up neither
        // other sends nor the reports of messages without media.
        _ = Task.Run(async () =>
        {
            try
            {
                var fetched = new List<FetchedMedia>();
                foreach (var url in message.MediaUrls)
                    fetched.Add(await FetchAsync(url, userAgent, stopping));
                // Gone means a reset happened meanwhile: the message and its reports belong to a finished test.
                if (state.UpdateSent(message.Id, sent => sent with { Media = fetched }))
                    callbacks.Enqueue(reports(fetched), generation);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.LogError(e, "Media of {Provider} message {Id} could not be fetched", message.Provider, message.Id);
            }
        }, stopping);
    }

    private async Task<FetchedMedia> FetchAsync(string url, string userAgent, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return new FetchedMedia(url, 0, null, null, null, "Not an absolute http(s) URL.");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return new FetchedMedia(
                url, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), bytes.Length,
                Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Media {Url} could not be fetched: {Error}", url, e.Message);
            return new FetchedMedia(url, 0, null, null, null, e.Message);
        }
    }
}
