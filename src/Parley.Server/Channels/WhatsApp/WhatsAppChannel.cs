using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Attachments;
using Parley.Conversations;
using Parley.Platform.Problems;

namespace Parley.Channels.WhatsApp;

/// <summary>WhatsApp through Meta's Cloud API (Graph API).</summary>
public sealed class WhatsAppChannel(IHttpClientFactory http) : IChannelAdapter
{
    private const long FiveMegabytes = 5L * 1024 * 1024;

    /// <summary>
    /// WhatsApp's customer care window: free-form messages only within 24 hours of the customer's last
    /// message; after that, only registered templates (Meta's rule, SPEC §2).
    /// </summary>
    public static readonly TimeSpan CareWindowLength = TimeSpan.FromHours(24);

    public ChannelType Type => ChannelType.WhatsApp;

    public void Validate(string? phoneNumber, ChannelSettings settings, Validation validation) =>
        WhatsAppSettings.Of(settings).Validate(phoneNumber, validation);

    public ChannelSettings Merge(ChannelSettings stored, ChannelSettings change) =>
        WhatsAppSettings.Of(stored).With(WhatsAppSettings.Of(change)).ToStored();

    public IReadOnlyDictionary<string, object?> Visible(ChannelSettings settings) => WhatsAppSettings.Of(settings).Visible();

    public IReadOnlyDictionary<string, string> Webhooks(string publicBase, Guid channelId) =>
        new Dictionary<string, string> { ["callback"] = $"{publicBase}/webhooks/whatsapp/{channelId}" };

    public void MapRoutes(ChannelRoutes routes)
    {
        routes.Webhooks.MapGet("/whatsapp/{id:guid}", (Guid id, HttpRequest request, ReceiveWhatsAppWebhook handler, CancellationToken ct) => handler.Verify(id, request, ct))
            .WithName("WhatsAppVerify")
            .WithSummary("Meta's webhook verification handshake (hub.mode, hub.verify_token, hub.challenge).")
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/plain")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        routes.Webhooks.MapPost("/whatsapp/{id:guid}", (Guid id, HttpRequest request, ReceiveWhatsAppWebhook handler, CancellationToken ct) => handler.Receive(id, request, ct))
            .WithName("WhatsAppInbound")
            .WithSummary("Meta's WhatsApp Cloud API webhook (X-Hub-Signature-256).")
            .Accepts<JsonElement>("application/json")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    public bool HasNowhereToSend(ChannelSettings settings) => false;

    public async Task<SendOutcome> SendAsync(OutboundReply reply, CancellationToken cancellationToken)
    {
        if (reply.Contact.Phone is not { } to)
            return SendOutcome.Refused("The contact has no phone number.");
        var settings = WhatsAppSettings.Of(reply.Settings);
        var message = reply.Message;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.GraphApi}/{settings.PhoneNumberId}/messages")
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
                : reply.Media.Count > 0
                    ? JsonContent.Create(MediaMessage(to, message.Text, reply.Media[0]))
                    : JsonContent.Create(new { messaging_product = "whatsapp", recipient_type = "individual", to = to.TrimStart('+'), type = "text", text = new { body = message.Text } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AccessToken);
        using var response = await http.CreateClient(ProviderHttp.ClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return await SendOutcome.FailureAsync(response, "WhatsApp", cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return SendOutcome.Accepted(body.RootElement.GetProperty("messages")[0].GetProperty("id").GetString()!, DeliveryStatus.Queued);
    }

    /// <summary>Cloud API media message: {type: image|audio|video|document, &lt;type&gt;: {link, caption?, filename?}}.</summary>
    private static Dictionary<string, object> MediaMessage(string to, string caption, OutboundMedia media)
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

    /// <summary>Cloud API: GET /{version}/{media-id} names a short-lived URL, read with the same bearer token.</summary>
    public async Task<MediaSource> LocateMediaAsync(string providerMedia, ChannelSettings stored, long maxBytes, CancellationToken cancellationToken)
    {
        var settings = WhatsAppSettings.Of(stored);
        var bearer = new AuthenticationHeaderValue("Bearer", settings.AccessToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{settings.GraphApi}/{Uri.EscapeDataString(providerMedia)}");
        request.Headers.Authorization = bearer;
        using var response = await http.CreateClient(ProviderHttp.ClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return MediaSource.Unavailable($"WhatsApp answered {(int)response.StatusCode} for media {providerMedia}.", ProviderHttp.IsRetryable(response.StatusCode));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        // Meta documents file_size as a string ("303833"); a number is read too.
        if (body.RootElement.TryGetProperty("file_size", out var size)
            && long.TryParse(size.ValueKind == JsonValueKind.String ? size.GetString() : size.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            && bytes > maxBytes)
            return MediaSource.Unavailable($"The file is larger than the limit of {maxBytes} bytes.", false);
        return MediaSource.At(body.RootElement.GetProperty("url").GetString() ?? "", bearer);
    }

    public CareWindowState? CareWindow(DateTime? lastInboundAt, DateTime now) => CareWindowState.After(CareWindowLength, lastInboundAt, now);

    /// <summary>WhatsApp: one file, pictures up to 5 MB, audio without a caption.</summary>
    public void CheckCarries(IReadOnlyList<Attachment> files, string text, Validation validation)
    {
        if (files.Count > 1)
            validation.Add("attachmentIds", "A WhatsApp message carries one file; send the others in further messages.");
        else if (files[0].ContentType.StartsWith("image/", StringComparison.Ordinal) && files[0].Size > FiveMegabytes)
            validation.Add("attachmentIds", "WhatsApp carries pictures up to 5 MB.");
        else if (files[0].ContentType.StartsWith("audio/", StringComparison.Ordinal) && text.Length > 0)
            validation.Add("text", "WhatsApp sends audio without a caption; send the text as its own message.");
    }

    public bool SendsRegisteredTemplates => true;

    public bool WritesFirstOnlyWithRegisteredTemplate => true;
}

public static class WhatsAppChannelRegistration
{
    public static IServiceCollection AddWhatsAppChannel(this IServiceCollection services) => services.AddChannelAdapter<WhatsAppChannel>();
}
