namespace Parley.ProviderSimulator.Delivery;

/// <summary>A signed request the simulator sends to a client's webhook, body already encoded.</summary>
public sealed record OutgoingWebhook(
    string Provider,
    string Kind,
    string Url,
    byte[] Body,
    string ContentType,
    string SignatureHeader,
    string Signature,
    string? MessageId = null,
    string? Status = null);

/// <summary>Posts webhooks and keeps a log of what each receiver answered.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, SimulatorState state, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string ClientName = "webhooks";
    public const string TwilioUserAgent = "TwilioProxy/1.1";
    public const string MetaUserAgent = "facebookexternalua";

    /// <returns>The receiver's HTTP status, or 0 when it could not be reached.</returns>
    public async Task<(int StatusCode, string ResponseBody)> SendAsync(OutgoingWebhook webhook, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new ByteArrayContent(webhook.Body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", webhook.ContentType);
        request.Headers.TryAddWithoutValidation(webhook.SignatureHeader, webhook.Signature);
        // The providers identify themselves this way; some receivers log or route on it.
        request.Headers.TryAddWithoutValidation("User-Agent",
            webhook.Provider == SimulatorState.Twilio ? TwilioUserAgent : MetaUserAgent);

        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            state.Record(Log(webhook, (int)response.StatusCode, null));
            return ((int)response.StatusCode, body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Webhook {Kind} to {Url} failed: {Error}", webhook.Kind, webhook.Url, e.Message);
            state.Record(Log(webhook, 0, e.Message));
            return (0, "");
        }
    }

    private DeliveredWebhook Log(OutgoingWebhook webhook, int statusCode, string? error) =>
        new(webhook.Provider, webhook.Kind, webhook.Url, webhook.MessageId, webhook.Status, statusCode, error, time.GetUtcNow());
}
