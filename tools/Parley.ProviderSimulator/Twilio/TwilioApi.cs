using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Parley.ProviderSimulator.Delivery;

namespace Parley.ProviderSimulator.Twilio;

/// <summary>Twilio's Programmable Messaging "create a Message" call, as documented for API version 2010-04-01.</summary>
public static class TwilioApi
{
    /// <summary>Twilio's error 11200, "HTTP retrieval failure": a MediaUrl answered non-2xx or not at all.</summary>
    public const int MediaRetrievalFailure = 11200;

    public static IEndpointRouteBuilder MapTwilioApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", CreateMessage)
            .WithName("TwilioCreateMessage")
            .WithSummary("Send an SMS the way Twilio's Messages resource accepts it.")
            .DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> CreateMessage(
        string accountSid, HttpContext http, SimulatorState state, CallbackQueue callbacks, MediaFetcher media,
        TimeProvider time, IOptions<SimulatorOptions> options, ILoggerFactory loggers)
    {
        if (AuthToken(http.Request, accountSid) is not { } authToken)
            return Error(401, 20003, "Authenticate");

        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : FormCollection.Empty;
        string to = form["To"].ToString(), from = form["From"].ToString(), body = form["Body"].ToString();
        var mediaUrls = form["MediaUrl"].Where(u => !string.IsNullOrEmpty(u)).Select(u => u!).ToList();
        var statusCallback = form["StatusCallback"].ToString();

        // Twilio's own error codes for these, so a client's error mapping can be tested against them.
        if (string.IsNullOrWhiteSpace(to))
            return Error(400, 21604, "A 'To' phone number is required.");
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(form["MessagingServiceSid"]))
            return Error(400, 21603, "A 'From' phone number is required.");
        if (string.IsNullOrEmpty(body) && mediaUrls.Count == 0)
            return Error(400, 21602, "Message body is required.");
        if (body.Length > 1600)
            return Error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
        if (statusCallback.Length > 0
            && !(Uri.TryCreate(statusCallback, UriKind.Absolute, out var callbackUri) && callbackUri.Scheme is "http" or "https"))
            return Error(400, 21609, "Invalid StatusCallback URL.");

        var failure = state.TakeFailure(SimulatorState.Twilio);
        if (failure is { AfterAccept: false })
            return Error(failure.Status, failure.Code, failure.Message);

        var now = time.GetUtcNow();
        var message = new SentMessage(
            SimulatorState.Twilio, SimulatorState.NewId("SM"), accountSid, to, from, "sms", body, null, mediaUrls,
            statusCallback.Length > 0 ? statusCallback : null, now, null, authToken, Media: mediaUrls.Count == 0 ? [] : null);
        state.Record(message);
        loggers.CreateLogger("Parley.ProviderSimulator.Twilio")
            .LogInformation("SMS {Sid} from {From} to {To}: {Body}", message.Id, from, to, body);

        IEnumerable<OutgoingWebhook> Reports(IReadOnlyList<FetchedMedia> fetched)
        {
            if (message.StatusCallback is not { } url)
                return [];
            // Twilio fetches each MediaUrl before handing the MMS to the carrier; one it cannot fetch fails
            // the message with 11200 (HTTP retrieval failure), and it is never sent.
            if (fetched.Any(f => !f.Succeeded))
                return [TwilioWebhooks.Status(url, authToken, message, "failed", MediaRetrievalFailure)];
            string[] statuses = failure is not null ? ["sent", "undelivered"]
                : options.Value.TwilioReadReceipts ? ["sent", "delivered", "read"]
                : ["sent", "delivered"];
            return [.. statuses.Select(status => TwilioWebhooks.Status(
                url, authToken, message, status, status == "undelivered" ? failure!.Code : null))];
        }

        // Only after the 201 has gone out: a real provider cannot report on a message before its sid is known,
        // and it fetches media asynchronously, after answering.
        http.Response.OnCompleted(() =>
        {
            if (mediaUrls.Count > 0)
                media.FetchThenReport(message, WebhookSender.TwilioUserAgent, Reports);
            else
                callbacks.Enqueue(Reports([]));
            return Task.CompletedTask;
        });

        return TypedResults.Json(Resource(message, mediaUrls.Count), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The auth token from Basic credentials whose user is the account in the path, else null.</summary>
    public static string? AuthToken(HttpRequest request, string accountSid)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
            return null;
        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || credentials[..colon] != accountSid || colon == credentials.Length - 1)
            return null;
        return credentials[(colon + 1)..];
    }

    private static JsonObject Resource(SentMessage message, int mediaCount)
    {
        var created = Rfc2822(message.Time);
        var uri = $"/2010-04-01/Accounts/{message.Account}/Messages/{message.Id}";
        return new JsonObject
        {
            ["account_sid"] = message.Account,
            ["api_version"] = TwilioWebhooks.ApiVersion,
            ["body"] = message.Body,
            ["date_created"] = created,
            ["date_sent"] = null,
            ["date_updated"] = created,
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = message.From,
            ["messaging_service_sid"] = null,
            ["num_media"] = mediaCount.ToString(CultureInfo.InvariantCulture),
            ["num_segments"] = "1",
            ["price"] = null,
            ["price_unit"] = "USD",
            ["sid"] = message.Id,
            ["status"] = "queued",
            ["subresource_uris"] = new JsonObject { ["media"] = uri + "/Media.json" },
            ["to"] = message.To,
            ["uri"] = uri + ".json",
        };
    }

    /// <summary>Twilio's resource dates: RFC 2822, always in GMT.</summary>
    public static string Rfc2822(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>Twilio's REST error body.</summary>
    public static IResult Error(int status, int code, string message) => TypedResults.Json(
        new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
            ["status"] = status,
        },
        statusCode: status);
}
