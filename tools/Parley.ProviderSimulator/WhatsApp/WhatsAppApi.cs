using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Parley.ProviderSimulator.Delivery;

namespace Parley.ProviderSimulator.WhatsApp;

/// <summary>The Cloud API's send call: <c>POST /{version}/{phone-number-id}/messages</c> with a bearer token.</summary>
public static class WhatsAppApi
{
    public static readonly IReadOnlyList<string> MediaTypes = ["image", "audio", "video", "document", "sticker"];

    /// <summary>Cloud API error 131053, "Media upload error": Meta could not download or process a media link.</summary>
    private static readonly FailurePlan MediaUploadError = new(0, 0, 131053, "Media upload error", AfterAccept: true);

    public static IEndpointRouteBuilder MapWhatsAppApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/{version:regex(^v\\d+\\.\\d+$)}/{phoneNumberId}/messages", SendMessage)
            .WithName("WhatsAppSendMessage")
            .WithSummary("Send a WhatsApp message the way the Cloud API accepts it.");
        return routes;
    }

    private static async Task<IResult> SendMessage(
        string phoneNumberId, HttpContext http, SimulatorState state, CallbackQueue callbacks, MediaFetcher media,
        TimeProvider time, IOptions<SimulatorOptions> options, ILoggerFactory loggers)
    {
        var registration = state.Registration(phoneNumberId);
        if (!AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var auth)
            || !string.Equals(auth.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(auth.Parameter)
            || (registration?.AccessToken is { } token && token != auth.Parameter))
            return Error(401, 190, "Invalid OAuth access token - Cannot parse access token", "OAuthException");

        JsonObject? payload;
        try
        {
            payload = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            payload = null;
        }
        if (payload is null)
            return InvalidParameter("The request body must be a JSON object.");
        string? problem;
        try
        {
            problem = Validate(payload);
        }
        catch (InvalidOperationException)
        {
            // A string where an object belongs (e.g. "text": "hi"): JsonNode refuses to index into it.
            problem = "(#100) Invalid parameter";
        }
        if (problem is not null)
            return InvalidParameter(problem);

        var failure = state.TakeFailure(SimulatorState.WhatsApp);
        if (failure is { AfterAccept: false })
            return Error(failure.Status, failure.Code, failure.Message, "OAuthException");

        var to = Text(payload, "to")!;
        var type = Text(payload, "type") ?? "text";
        IReadOnlyList<string> mediaUrls = MediaTypes.Contains(type) && Text(payload[type]?["link"]) is { } link ? [link] : [];
        var message = new SentMessage(
            SimulatorState.WhatsApp,
            "wamid." + System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)),
            phoneNumberId,
            to,
            registration?.DisplayPhoneNumber ?? phoneNumberId,
            type,
            type == "text" ? Text(payload["text"]?["body"]) : Text(payload[type]?["caption"]),
            payload["template"]?.DeepClone(),
            mediaUrls,
            registration?.WebhookUrl,
            time.GetUtcNow(),
            payload.DeepClone(),
            Media: mediaUrls.Count == 0 ? [] : null);
        state.Record(message);
        loggers.CreateLogger("Parley.ProviderSimulator.WhatsApp")
            .LogInformation("WhatsApp {Type} {Id} to {To}: {Body}", type, message.Id, to, message.Body ?? Text(payload["template"]?["name"]));

        IEnumerable<OutgoingWebhook> Reports(IReadOnlyList<FetchedMedia> fetched)
        {
            // Without a registered webhook the send still succeeds, as Meta's would: only the reports have nowhere to go.
            if (registration is null)
                return [];
            // Meta downloads a link before delivering; one it cannot download fails the message with 131053.
            if (fetched.FirstOrDefault(f => !f.Succeeded) is { } unfetched)
            {
                var details = unfetched.StatusCode == 0
                    ? $"Downloading media from {unfetched.Url} failed: {unfetched.Error}"
                    : $"Downloading media from {unfetched.Url} failed with HTTP {unfetched.StatusCode}";
                return [WhatsAppWebhooks.Status(registration, message, "failed", time.GetUtcNow(), MediaUploadError, details)];
            }
            string[] statuses = failure is not null ? ["failed"]
                : options.Value.WhatsAppReadReceipts ? ["sent", "delivered", "read"]
                : ["sent", "delivered"];
            return [.. statuses.Select(s => WhatsAppWebhooks.Status(registration, message, s, message.Time, failure))];
        }

        http.Response.OnCompleted(() =>
        {
            if (mediaUrls.Count > 0)
                media.FetchThenReport(message, WebhookSender.MetaUserAgent, Reports);
            else
                callbacks.Enqueue(Reports([]));
            return Task.CompletedTask;
        });

        return TypedResults.Json(new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = WhatsAppWebhooks.WaId(to) }),
            ["messages"] = new JsonArray(new JsonObject { ["id"] = message.Id }),
        });
    }

    /// <summary>The checks Meta makes before accepting a send, with messages close to its own.</summary>
    private static string? Validate(JsonObject payload)
    {
        if (Text(payload, "messaging_product") != "whatsapp")
            return "(#100) The parameter messaging_product is required.";
        if (string.IsNullOrWhiteSpace(Text(payload, "to")))
            return "(#100) The parameter to is required.";
        var type = Text(payload, "type") ?? "text";
        switch (type)
        {
            case "text":
                return string.IsNullOrEmpty(Text(payload["text"]?["body"]))
                    ? "(#100) The parameter text['body'] is required." : null;
            case "template":
                if (string.IsNullOrEmpty(Text(payload["template"]?["name"])))
                    return "(#100) The parameter template['name'] is required.";
                return string.IsNullOrEmpty(Text(payload["template"]?["language"]?["code"]))
                    ? "(#100) The parameter template['language']['code'] is required." : null;
            case var media when MediaTypes.Contains(media):
                return payload[media]?["link"] is null && payload[media]?["id"] is null
                    ? $"(#100) The parameter {media}['link'] or {media}['id'] is required." : null;
            case "reaction" or "location" or "interactive" or "contacts":
                return payload[type] is JsonObject ? null : $"(#100) The parameter {type} is required.";
            default:
                return $"(#100) Param type must be one of {{TEXT, TEMPLATE, IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER, REACTION, LOCATION, INTERACTIVE, CONTACTS}} - got \"{type}\".";
        }
    }

    private static string? Text(JsonObject payload, string name) => Text(payload[name]);

    // A field of the wrong JSON kind reads as missing, so it is answered 400 rather than thrown on.
    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static IResult InvalidParameter(string message) => Error(400, 100, message, "OAuthException");

    /// <summary>The Graph API's error body.</summary>
    public static IResult Error(int status, int code, string message, string type) => TypedResults.Json(
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = type,
                ["code"] = code,
                ["fbtrace_id"] = SimulatorState.NewId("A"),
            },
        },
        statusCode: status);
}
