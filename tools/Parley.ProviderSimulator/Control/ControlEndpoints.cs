using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Parley.ProviderSimulator.Delivery;
using Parley.ProviderSimulator.Twilio;
using Parley.ProviderSimulator.WhatsApp;

namespace Parley.ProviderSimulator.Control;

/// <summary>
/// The simulator's own API under <c>/_sim</c>, for tests and the demo: play a customer, inspect what
/// was sent, make the provider fail, start over. Not part of either provider's format.
/// </summary>
public static class ControlEndpoints
{
    public sealed record RegisterWhatsApp(
        string PhoneNumberId, string WebhookUrl, string AppSecret, string? AccessToken = null,
        string? DisplayPhoneNumber = null, string? BusinessAccountId = null);

    /// <summary>A file a simulated customer attaches; the simulator keeps it and serves it as the provider would.</summary>
    /// <param name="Base64">The file's bytes, base64-encoded.</param>
    public sealed record InboundMedia(string ContentType, string Base64);

    /// <param name="MediaUrls">URLs sent as they are (nothing is stored); <paramref name="Media"/> items follow them.</param>
    /// <param name="Media">Files stored by the simulator and sent as its own Media resource URLs.</param>
    public sealed record TwilioInbound(
        string WebhookUrl, string AuthToken, string AccountSid, string From, string To, string? Body = null,
        IReadOnlyList<string>? MediaUrls = null, IReadOnlyList<string>? MediaContentTypes = null, string? MessageSid = null,
        IReadOnlyList<InboundMedia>? Media = null);

    /// <param name="Type">image, audio, video, document or sticker.</param>
    /// <param name="Caption">image, video and document only, as in Meta's payloads.</param>
    /// <param name="Filename">document only.</param>
    public sealed record WhatsAppInboundMedia(string Type, string ContentType, string Base64, string? Caption = null, string? Filename = null);

    /// <param name="Message">Optional raw Cloud API message object (image, location, reaction…) used instead of
    /// a text message; <c>from</c>, <c>id</c> and <c>timestamp</c> are filled in when absent.</param>
    /// <param name="Media">An attachment stored by the simulator and sent as Meta's media message; excludes text and message.</param>
    public sealed record WhatsAppInbound(
        string PhoneNumberId, string From, string? Name = null, string? Text = null, string? Id = null, JsonObject? Message = null,
        WhatsAppInboundMedia? Media = null);

    /// <summary>A report for a message the simulator already accepted, sent out of the usual order on purpose.</summary>
    public sealed record StatusReport(string MessageId, string Status, int? ErrorCode = null, string? ErrorMessage = null);

    /// <param name="Status">HTTP status of the refusal (4xx: the client should give up; 5xx: it should retry).</param>
    /// <param name="AfterAccept">true: accept the send, then report it undelivered (SMS) or failed (WhatsApp).</param>
    public sealed record Fail(
        string Provider, int Count = 1, int Status = 400, int? Code = null, string? Message = null, bool AfterAccept = false);

    /// <param name="MediaUrls">Twilio: the webhook's MediaUrl{N} values, in order (absent without media).</param>
    /// <param name="MediaId">WhatsApp: the id of the stored attachment (absent without one).</param>
    public sealed record Delivery(
        int StatusCode, string ResponseBody, string MessageId, string Signature,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? MediaUrls = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MediaId = null);

    // Twilio's limit on the media of one MMS.
    private const int MaxTwilioMedia = 10;

    public static IEndpointRouteBuilder MapSimulatorControl(this IEndpointRouteBuilder routes)
    {
        var sim = routes.MapGroup("/_sim");
        sim.MapPost("/whatsapp/register", Register).WithSummary("Say where a WhatsApp number's webhooks go and how they are signed.");
        sim.MapPost("/twilio/inbound", SendTwilioInbound).WithSummary("Post a signed inbound SMS to a webhook; answers with the webhook's status.");
        sim.MapPost("/whatsapp/inbound", SendWhatsAppInbound).WithSummary("Post a signed inbound WhatsApp message to the registered webhook.");
        sim.MapPost("/twilio/status", SendTwilioStatus).WithSummary("Post one extra status callback for a sent SMS.");
        sim.MapPost("/whatsapp/status", SendWhatsAppStatus).WithSummary("Post one extra status webhook for a sent WhatsApp message.");
        sim.MapGet("/messages", (SimulatorState state, string? provider) =>
            TypedResults.Ok(state.SentMessages().Where(m => provider is null || m.Provider == provider)));
        sim.MapGet("/webhooks", (SimulatorState state) => TypedResults.Ok(state.Webhooks()))
            .WithSummary("Every webhook the simulator posted and what the receiver answered.");
        sim.MapPost("/fail", PlanFailure);
        sim.MapPost("/reset", (SimulatorState state) =>
        {
            state.Reset();
            return TypedResults.NoContent();
        });
        return routes;
    }

    private static IResult Register(RegisterWhatsApp request, SimulatorState state)
    {
        if (string.IsNullOrWhiteSpace(request.PhoneNumberId) || !IsAbsolute(request.WebhookUrl) || string.IsNullOrEmpty(request.AppSecret))
            return TypedResults.BadRequest("phoneNumberId, an absolute webhookUrl and appSecret are required.");
        state.Register(new WhatsAppRegistration(
            request.PhoneNumberId, request.WebhookUrl, request.AppSecret, request.AccessToken,
            request.DisplayPhoneNumber ?? "15550100001", request.BusinessAccountId ?? "102290129340398"));
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SendTwilioInbound(
        TwilioInbound request, HttpContext http, SimulatorState state, WebhookSender sender, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!IsAbsolute(request.WebhookUrl) || string.IsNullOrEmpty(request.AuthToken) || string.IsNullOrEmpty(request.From) || string.IsNullOrEmpty(request.To))
            return TypedResults.BadRequest("webhookUrl, authToken, from and to are required.");
        var mediaUrls = request.MediaUrls ?? [];
        var uploads = new List<(string ContentType, byte[] Bytes)>();
        foreach (var item in request.Media ?? [])
        {
            if (item is null || string.IsNullOrWhiteSpace(item.ContentType) || Decode(item.Base64) is not { } bytes)
                return TypedResults.BadRequest("Each media item needs a contentType and its bytes as non-empty base64.");
            uploads.Add((item.ContentType, bytes));
        }
        if (mediaUrls.Count + uploads.Count > MaxTwilioMedia)
            return TypedResults.BadRequest($"An MMS carries at most {MaxTwilioMedia} media.");
        if (uploads.Count > 0 && string.IsNullOrEmpty(request.AccountSid))
            return TypedResults.BadRequest("accountSid is required with media: the media URLs are under the account.");

        // Twilio gives a message with media an MM sid, a plain SMS an SM one.
        var messageSid = request.MessageSid ?? SimulatorState.NewId(mediaUrls.Count + uploads.Count > 0 ? "MM" : "SM");
        var media = mediaUrls
            .Select((url, i) => (Url: url, ContentType: request.MediaContentTypes is { } types && i < types.Count ? types[i] : "image/jpeg"))
            .ToList();
        foreach (var (contentType, bytes) in uploads)
        {
            var stored = new StoredMedia(
                SimulatorState.NewId("ME"), SimulatorState.Twilio, request.AccountSid, messageSid, contentType, bytes,
                request.AuthToken, time.GetUtcNow());
            // Stored before the webhook goes out: the receiver may download it while handling the webhook.
            state.Store(stored);
            // Absolute, on the simulator as this request reached it, as Twilio's point at api.twilio.com.
            media.Add((BaseUrl(http.Request) + TwilioMedia.Path(request.AccountSid, messageSid, stored.Id), contentType));
        }
        var webhook = TwilioWebhooks.Inbound(
            request.WebhookUrl, request.AuthToken, request.AccountSid, messageSid,
            request.From, request.To, request.Body ?? "", media);
        var (statusCode, body) = await sender.SendAsync(webhook, cancellationToken);
        return TypedResults.Ok(new Delivery(
            statusCode, body, messageSid, webhook.Signature, MediaUrls: media.Count > 0 ? [.. media.Select(m => m.Url)] : null));
    }

    private static async Task<IResult> SendWhatsAppInbound(
        WhatsAppInbound request, SimulatorState state, WebhookSender sender, TimeProvider time, CancellationToken cancellationToken)
    {
        if (state.Registration(request.PhoneNumberId) is not { } registration)
            return TypedResults.NotFound($"No webhook registered for phone number id {request.PhoneNumberId}; POST /_sim/whatsapp/register first.");
        if (string.IsNullOrEmpty(request.From) || (request.Text is null && request.Message is null && request.Media is null))
            return TypedResults.BadRequest("from and one of text, message or media are required.");

        var from = WhatsAppWebhooks.WaId(request.From);
        var id = request.Id ?? "wamid." + SimulatorState.NewId("");
        JsonObject message;
        StoredMedia? stored = null;
        if (request.Media is { } upload)
        {
            if (request.Text is not null || request.Message is not null)
                return TypedResults.BadRequest("media goes alone: a caption, not text or message, goes with it.");
            if (!WhatsAppApi.MediaTypes.Contains(upload.Type))
                return TypedResults.BadRequest($"media.type must be one of {string.Join(", ", WhatsAppApi.MediaTypes)}.");
            if (string.IsNullOrWhiteSpace(upload.ContentType) || Decode(upload.Base64) is not { } bytes)
                return TypedResults.BadRequest("media needs a contentType and its bytes as non-empty base64.");
            // Meta's payloads carry a caption only on these three, a filename only on documents.
            if (upload.Caption is not null && upload.Type is not ("image" or "video" or "document"))
                return TypedResults.BadRequest("Only image, video and document media have a caption.");
            if (upload.Filename is not null && upload.Type != "document")
                return TypedResults.BadRequest("Only document media have a filename.");
            stored = new StoredMedia(
                SimulatorState.NewNumericId(), SimulatorState.WhatsApp, registration.PhoneNumberId, id, upload.ContentType, bytes,
                null, time.GetUtcNow());
            // Stored before the webhook goes out: the receiver may retrieve it while handling the webhook.
            state.Store(stored);
            message = WhatsAppMedia.InboundMessage(upload.Type, stored, upload.Caption, upload.Filename);
        }
        else
        {
            message = request.Message?.DeepClone().AsObject() ?? new JsonObject
            {
                ["type"] = "text",
                ["text"] = new JsonObject { ["body"] = request.Text },
            };
        }
        message["from"] ??= from;
        message["id"] ??= id;
        message["timestamp"] ??= WhatsAppWebhooks.Timestamp(time.GetUtcNow());
        var webhook = WhatsAppWebhooks.Inbound(registration, from, request.Name ?? from, message);
        var (statusCode, body) = await sender.SendAsync(webhook, cancellationToken);
        return TypedResults.Ok(new Delivery(statusCode, body, webhook.MessageId ?? "", webhook.Signature, MediaId: stored?.Id));
    }

    private static async Task<IResult> SendTwilioStatus(
        StatusReport request, SimulatorState state, WebhookSender sender, CancellationToken cancellationToken)
    {
        if (state.FindSent(request.MessageId) is not { Provider: SimulatorState.Twilio, StatusCallback: { } url } message)
            return TypedResults.NotFound("No SMS with that sid and a StatusCallback was sent to the simulator.");
        var webhook = TwilioWebhooks.Status(url, message.SigningKey!, message, request.Status, request.ErrorCode);
        return await Deliver(webhook, sender, cancellationToken);
    }

    private static async Task<IResult> SendWhatsAppStatus(
        StatusReport request, SimulatorState state, WebhookSender sender, TimeProvider time, CancellationToken cancellationToken)
    {
        if (state.FindSent(request.MessageId) is not { Provider: SimulatorState.WhatsApp } message
            || state.Registration(message.Account) is not { } registration)
            return TypedResults.NotFound("No WhatsApp message with that id was sent from a registered number.");
        var failure = request.ErrorCode is { } code
            ? new FailurePlan(0, 0, code, request.ErrorMessage ?? "Message failed to send", AfterAccept: true)
            : null;
        var webhook = WhatsAppWebhooks.Status(registration, message, request.Status, time.GetUtcNow(), failure);
        return await Deliver(webhook, sender, cancellationToken);
    }

    private static IResult PlanFailure(Fail request, SimulatorState state)
    {
        if (request.Provider is not (SimulatorState.Twilio or SimulatorState.WhatsApp) || request.Count < 0
            || request.Status is < 400 or > 599)
            return TypedResults.BadRequest("provider must be twilio or whatsapp; count >= 0; status 400-599.");
        var twilio = request.Provider == SimulatorState.Twilio;
        // Defaults are each provider's best-known refusal: an opted-out SMS recipient, a WhatsApp number outside the care window.
        var code = request.Code ?? (request.Status >= 500 ? (twilio ? 20500 : 131000) : twilio ? 21610 : 131047);
        var message = request.Message ?? (request.Status >= 500 ? "Internal server error"
            : twilio ? "Attempt to send to unsubscribed recipient" : "Re-engagement message");
        state.PlanFailures(request.Provider, new FailurePlan(request.Count, request.Status, code, message, request.AfterAccept));
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Deliver(OutgoingWebhook webhook, WebhookSender sender, CancellationToken cancellationToken)
    {
        var (statusCode, body) = await sender.SendAsync(webhook, cancellationToken);
        return TypedResults.Ok(new Delivery(statusCode, body, webhook.MessageId ?? "", webhook.Signature));
    }

    /// <summary>The bytes of a non-empty base64 string, else null.</summary>
    private static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
            return null;
        try
        {
            var bytes = Convert.FromBase64String(base64);
            return bytes.Length > 0 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The simulator's own base URL as this request reached it (scheme, host and port, path base).</summary>
    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static bool IsAbsolute(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
