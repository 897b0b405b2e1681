using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;
using Parley.Platform.Tenancy;

namespace Parley.Channels.WhatsApp;

/// <summary>
/// Meta's WhatsApp Cloud API webhook: the GET verification handshake, and POSTs of customer
/// messages, checked against X-Hub-Signature-256 over the raw body before anything is parsed.
/// The 200 goes out only after every message of the delivery is committed; Meta retries otherwise,
/// and a retried message id stores nothing twice.
/// </summary>
public sealed partial class ReceiveWhatsAppWebhook(
    WebhookChannels channels, TenantScope tenant, InboundIngestion ingestion, DeliveryStatusUpdates statuses, TimeProvider clock,
    ILogger<ReceiveWhatsAppWebhook> logger) : IHandler
{
    // Meta's payloads are small; a cap keeps a forged giant body from being hashed and parsed.
    private const int MaxBodyBytes = 256 * 1024;

    public async Task<IResult> Verify(Guid channelId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await channels.FindAsync(channelId, ChannelType.WhatsApp, cancellationToken) is not var (_, settings))
            return Problem.NotFound("The WhatsApp channel");
        var token = (string?)request.Query["hub.verify_token"] ?? "";
        var challenge = (string?)request.Query["hub.challenge"] ?? "";
        var tokenMatches = settings.VerifyToken is { } expected
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(token));
        if (request.Query["hub.mode"] != "subscribe" || !tokenMatches)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The verify token does not match this channel.");
        return TypedResults.Text(challenge, "text/plain");
    }

    public async Task<IResult> Receive(Guid channelId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (await channels.FindAsync(channelId, ChannelType.WhatsApp, cancellationToken) is not var (channel, settings))
            return Problem.NotFound("The WhatsApp channel");
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The webhook body is too large.");
        if (!MetaSignature.IsValid(body, settings.AppSecret, request.Headers["X-Hub-Signature-256"]))
        {
            LogRefused(logger, channelId);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The X-Hub-Signature-256 does not match this request.");
        }
        if (!channel.IsActive)
            return Problem.Conflict("The channel is inactive.");

        List<InboundMessage> messages;
        List<(string Id, Conversations.DeliveryStatus Status, string? Error)> updates;
        try
        {
            (messages, updates) = Parse(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            // The parser's own text names .NET types; the sender is told where, when the JSON itself is broken.
            var where = e is JsonException { LineNumber: { } line, BytePositionInLine: { } column } ? $" (line {line + 1}, position {column + 1})" : "";
            return TypedResults.Problem(statusCode: 400, title: "The webhook body is not a WhatsApp Cloud API notification.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["body"] = [$"The body is not a WhatsApp Cloud API notification{where}."] } });
        }

        tenant.Enter(channel.OrganizationId);
        foreach (var message in messages)
            await ingestion.IngestAsync(channel, message, cancellationToken);
        foreach (var (id, status, error) in updates)
            await statuses.ApplyAsync(channel.Id, id, status, error, cancellationToken);
        return TypedResults.Ok();
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// entry[].changes[].value: messages (text, image, audio, video, document, location, reaction),
    /// with contacts[].profile.name by wa_id; and statuses (sent, delivered, read, failed with errors[]).
    /// </summary>
    internal (List<InboundMessage> Messages, List<(string Id, Conversations.DeliveryStatus Status, string? Error)> Statuses) Parse(byte[] body)
    {
        var updates = new List<(string Id, Conversations.DeliveryStatus Status, string? Error)>();
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.GetProperty("object").GetString() != "whatsapp_business_account")
            throw new FormatException("'object' must be 'whatsapp_business_account'.");
        var messages = new List<InboundMessage>();
        foreach (var entry in root.GetProperty("entry").EnumerateArray())
        {
            foreach (var change in entry.GetProperty("changes").EnumerateArray())
            {
                if (change.GetProperty("field").GetString() != "messages")
                    continue;
                var value = change.GetProperty("value");
                var names = new Dictionary<string, string?>();
                if (value.TryGetProperty("contacts", out var contacts))
                {
                    foreach (var contact in contacts.EnumerateArray())
                        names[contact.GetProperty("wa_id").GetString()!] = contact.TryGetProperty("profile", out var profile) && profile.TryGetProperty("name", out var name) ? name.GetString() : null;
                }
                if (value.TryGetProperty("statuses", out var statusItems))
                {
                    foreach (var item in statusItems.EnumerateArray())
                    {
                        var id = item.GetProperty("id").GetString() ?? throw new FormatException("A status has no 'id'.");
                        var status = item.GetProperty("status").GetString() switch
                        {
                            "sent" => Conversations.DeliveryStatus.Sent,
                            "delivered" => Conversations.DeliveryStatus.Delivered,
                            "read" => Conversations.DeliveryStatus.Read,
                            "failed" => Conversations.DeliveryStatus.Failed,
                            var other => throw new FormatException($"'{other}' is not a WhatsApp message status."),
                        };
                        string? error = null;
                        if (status == Conversations.DeliveryStatus.Failed && item.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
                        {
                            var first = errors[0];
                            error = $"WhatsApp error {(first.TryGetProperty("code", out var code) ? code.ToString() : "?")}: {(first.TryGetProperty("title", out var title) ? title.GetString() : "")}";
                        }
                        updates.Add((id, status, error ?? (status == Conversations.DeliveryStatus.Failed ? "WhatsApp error" : null)));
                    }
                }
                if (!value.TryGetProperty("messages", out var items))
                    continue;
                foreach (var item in items.EnumerateArray())
                {
                    var from = item.GetProperty("from").GetString() ?? throw new FormatException("'from' is missing.");
                    if (!Contacts.PhoneNumber.TryNormalize("+" + from, out var phone))
                        throw new FormatException($"'from' ({from}) is not a phone number.");
                    var id = item.GetProperty("id").GetString() ?? throw new FormatException("'id' is missing.");
                    DateTime? sentAt = item.TryGetProperty("timestamp", out var ts) && long.TryParse(ts.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                        ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
                        : null;
                    // A customer's clock is not trusted into the future.
                    if (sentAt > clock.GetUtcNow().UtcDateTime)
                        sentAt = null;
                    messages.Add(new InboundMessage(new InboundContact(names.GetValueOrDefault(from), phone, null, null), TextOf(item), id, sentAt, false, MediaOf(item)));
                }
            }
        }
        return (messages, updates);
    }

    private static readonly string[] MediaTypes = ["image", "audio", "video", "document", "sticker"];

    /// <summary>A media message's text is its caption; the file itself is an attachment, fetched after the commit.</summary>
    private static string TextOf(JsonElement message)
    {
        var type = message.GetProperty("type").GetString();
        string? Field(string name, string field) =>
            message.TryGetProperty(name, out var part) && part.TryGetProperty(field, out var value) ? value.ToString() : null;
        return type switch
        {
            "text" => Field("text", "body") ?? "",
            _ when MediaTypes.Contains(type) => Field(type!, "caption") ?? "",
            "location" => $"[location: {Field("location", "latitude")}, {Field("location", "longitude")}{(Field("location", "name") is { } place ? " " + place : "")}]",
            "reaction" => $"[reaction: {Field("reaction", "emoji")}]",
            _ => $"[{type}]",
        };
    }

    /// <summary>image/audio/video/document/sticker: {id, mime_type, sha256, caption?, filename?}.</summary>
    private static List<InboundMedia>? MediaOf(JsonElement message)
    {
        var type = message.GetProperty("type").GetString();
        if (!MediaTypes.Contains(type) || !message.TryGetProperty(type!, out var media))
            return null;
        var id = media.GetProperty("id").GetString();
        if (string.IsNullOrEmpty(id) || id.Length > 200)
            throw new FormatException($"The {type} has no media 'id'.");
        string? Field(string field) => media.TryGetProperty(field, out var value) ? value.GetString() : null;
        return [new InboundMedia(id, Field("mime_type"), Field("filename"))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a WhatsApp webhook for channel {ChannelId}: bad or missing signature")]
    private static partial void LogRefused(ILogger logger, Guid channelId);
}
