using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Parley.ProviderSimulator.Delivery;

namespace Parley.ProviderSimulator.WhatsApp;

/// <summary>
/// The Cloud API's media retrieval, in its two steps: <c>GET /{version}/{media-id}</c> answers a short-lived
/// download URL with the file's type, hash and size; that URL answers the bytes. Both need the bearer token,
/// as Meta's lookaside host does: a plain GET of the URL gets nothing.
/// </summary>
public static class WhatsAppMedia
{
    public const string DownloadPath = "/_sim/whatsapp/media";

    // Meta's retrieved URLs stop working after five minutes; the simulator states the expiry but does not enforce it.
    private static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapWhatsAppMedia(this IEndpointRouteBuilder routes)
    {
        // One segment after the version, GET only: cannot be confused with POST /{version}/{phone-number-id}/messages.
        routes.MapGet("/{version:regex(^v\\d+\\.\\d+$)}/{mediaId}", Retrieve)
            .WithName("WhatsAppRetrieveMediaUrl")
            .WithSummary("Retrieve a media object's download URL, type, SHA-256 and size the way the Cloud API answers it.");
        routes.MapGet(DownloadPath + "/{mediaId}", Download)
            .WithName("WhatsAppDownloadMedia")
            .WithSummary("Download a media file from the URL the retrieval answered, with the same bearer token.");
        return routes;
    }

    /// <summary>
    /// The <c>messages[]</c> object Meta posts for a customer's attachment, e.g.
    /// <c>{type: "image", image: {caption, mime_type, sha256, id}}</c>.
    /// </summary>
    public static JsonObject InboundMessage(string type, StoredMedia media, string? caption, string? filename)
    {
        var attachment = new JsonObject();
        if (caption is not null)
            attachment["caption"] = caption;
        if (filename is not null)
            attachment["filename"] = filename;
        attachment["mime_type"] = media.ContentType;
        attachment["sha256"] = media.Sha256Hex;
        attachment["id"] = media.Id;
        return new JsonObject { ["type"] = type, [type] = attachment };
    }

    private static IResult Retrieve(string mediaId, HttpContext http, SimulatorState state, TimeProvider time)
    {
        var media = Find(state, mediaId);
        if (Refused(http.Request, state, media) is { } refusal)
            return refusal;
        if (media is null)
        {
            // What the Graph API answers for any id it cannot load: 400, not 404.
            return TypedResults.Json(
                new JsonObject
                {
                    ["error"] = new JsonObject
                    {
                        ["message"] = $"Unsupported get request. Object with ID '{mediaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                        ["type"] = "GraphMethodException",
                        ["code"] = 100,
                        ["error_subcode"] = 33,
                        ["fbtrace_id"] = SimulatorState.NewId("A"),
                    },
                },
                statusCode: StatusCodes.Status400BadRequest);
        }

        var expires = (time.GetUtcNow() + UrlLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = http.Request;
        return TypedResults.Json(new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            // Like Meta's lookaside URLs this one carries a query string, which a client must keep.
            ["url"] = $"{request.Scheme}://{request.Host}{request.PathBase}{DownloadPath}/{media.Id}?mid={media.Id}&ext={expires}",
            ["mime_type"] = media.ContentType,
            ["sha256"] = media.Sha256Hex,
            // A string, as in Meta's reference example ("303833").
            ["file_size"] = media.Bytes.Length.ToString(CultureInfo.InvariantCulture),
            ["id"] = media.Id,
        });
    }

    private static IResult Download(string mediaId, string? mid, HttpContext http, SimulatorState state)
    {
        var media = Find(state, mediaId);
        if (Refused(http.Request, state, media) is { } refusal)
            return refusal;
        if (media is null || mid != mediaId)
            return TypedResults.NotFound();
        return TypedResults.Bytes(media.Bytes, media.ContentType);
    }

    private static StoredMedia? Find(SimulatorState state, string mediaId) =>
        state.Media(mediaId) is { Provider: SimulatorState.WhatsApp } media ? media : null;

    /// <summary>
    /// The same rule as sending: a bearer token is required, and it must be the number's registered access
    /// token when one was registered.
    /// </summary>
    private static IResult? Refused(HttpRequest request, SimulatorState state, StoredMedia? media)
    {
        var accepted = AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var auth)
            && string.Equals(auth.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrEmpty(auth.Parameter)
            && (media is null || state.Registration(media.Account)?.AccessToken is not { } token || token == auth.Parameter);
        return accepted ? null : WhatsAppApi.Error(401, 190, "Invalid OAuth access token - Cannot parse access token", "OAuthException");
    }
}
