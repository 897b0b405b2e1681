using System.Text.Json.Nodes;
using Parley.ProviderSimulator.Delivery;

namespace Parley.ProviderSimulator.Twilio;

/// <summary>
/// Twilio's Media subresource of a Message: where the attachments of an inbound MMS are downloaded from.
/// The webhook's <c>MediaUrl{N}</c> points here without an extension and answers the file itself; with
/// <c>.json</c> it answers the resource's metadata. Both need Basic auth, as Twilio enforces for media URLs.
/// </summary>
public static class TwilioMedia
{
    public static IEndpointRouteBuilder MapTwilioMedia(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/2010-04-01/Accounts/{accountSid}/Messages/{messageSid}/Media/{mediaSid}", Fetch)
            .WithName("TwilioFetchMedia")
            .WithSummary("Download an inbound MMS attachment (or its metadata with .json) the way Twilio serves it.");
        return routes;
    }

    /// <summary>The Media resource's path, relative to the API's base URL.</summary>
    public static string Path(string accountSid, string messageSid, string mediaSid) =>
        $"/{TwilioWebhooks.ApiVersion}/Accounts/{accountSid}/Messages/{messageSid}/Media/{mediaSid}";

    private static IResult Fetch(string accountSid, string messageSid, string mediaSid, HttpContext http, SimulatorState state)
    {
        var metadata = mediaSid.EndsWith(".json", StringComparison.Ordinal);
        var sid = metadata ? mediaSid[..^".json".Length] : mediaSid;
        var media = state.Media(sid) is { Provider: SimulatorState.Twilio } stored
            && stored.Account == accountSid && stored.MessageId == messageSid ? stored : null;

        // Credentials first, as Twilio does: without them nobody learns whether a media sid exists.
        if (TwilioApi.AuthToken(http.Request, accountSid) is not { } authToken || (media is not null && authToken != media.Secret))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            return TwilioApi.Error(401, 20003, "Authenticate");
        }
        if (media is null)
            return TwilioApi.Error(404, 20404, $"The requested resource {http.Request.Path} was not found");
        if (!metadata)
            return TypedResults.Bytes(media.Bytes, media.ContentType);

        var created = TwilioApi.Rfc2822(media.Created);
        return TypedResults.Json(new JsonObject
        {
            ["account_sid"] = media.Account,
            ["content_type"] = media.ContentType,
            ["date_created"] = created,
            ["date_updated"] = created,
            ["parent_sid"] = media.MessageId,
            ["sid"] = media.Id,
            ["uri"] = Path(media.Account, media.MessageId!, media.Id) + ".json",
        });
    }
}
