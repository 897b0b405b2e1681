using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Parley.Contacts;
using Parley.Conversations;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;
using Parley.Platform.Tenancy;

namespace Parley.Channels.Sms;

/// <summary>
/// Twilio's inbound SMS webhook (form-encoded). The signature is checked against the URL as Twilio
/// called it before anything is read into Parley; the 200 (empty TwiML) goes out only after the
/// message is committed, so Twilio retries anything that was not stored — and a retry of a stored
/// message (same MessageSid) answers 200 and stores nothing twice.
/// </summary>
public sealed partial class ReceiveTwilioMessage(
    WebhookChannels channels, TenantScope tenant, PublicUrls urls, InboundIngestion ingestion, DeliveryStatusUpdates statuses,
    ILogger<ReceiveTwilioMessage> logger) : IHandler
{
    public const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    public async Task<IResult> Handle(Guid channelId, HttpRequest request, CancellationToken cancellationToken)
    {
        var (channel, form, refused) = await AuthenticateAsync(channelId, request, cancellationToken);
        if (refused is not null)
            return refused;

        var validation = new Validation().Required("MessageSid", form!["MessageSid"], 64);
        var from = (string?)form["From"];
        if (!PhoneNumber.TryNormalize(from, out var phone))
            validation.Add("From", "'From' is not a phone number.");
        var body = ((string?)form["Body"] ?? "").Trim();
        var media = Media(form, validation);
        if (body.Length == 0 && media.Count == 0)
            validation.Add("Body", "The message has neither 'Body' nor media.");
        if (!validation.IsValid)
            return validation.ToProblem();

        await ingestion.IngestAsync(channel!, new InboundMessage(new InboundContact(null, phone, null, null), body, form["MessageSid"]!, null, false, media), cancellationToken);
        return TypedResults.Text(EmptyTwiml, "text/xml");
    }

    /// <summary>Twilio's status callback: MessageSid, MessageStatus (queued|sending|sent|delivered|undelivered|failed|read), ErrorCode.</summary>
    public async Task<IResult> Status(Guid channelId, HttpRequest request, CancellationToken cancellationToken)
    {
        var (_, form, refused) = await AuthenticateAsync(channelId, request, cancellationToken);
        if (refused is not null)
            return refused;
        var validation = new Validation().Required("MessageSid", form!["MessageSid"], 64).Required("MessageStatus", form["MessageStatus"], 20);
        DeliveryStatus? status = ((string?)form["MessageStatus"])?.ToLowerInvariant() switch
        {
            "queued" or "accepted" or "scheduled" or "sending" => DeliveryStatus.Queued,
            "sent" => DeliveryStatus.Sent,
            "delivered" => DeliveryStatus.Delivered,
            "read" => DeliveryStatus.Read,
            "undelivered" or "failed" or "canceled" => DeliveryStatus.Failed,
            _ => null,
        };
        if (status is null && validation.IsValid)
            validation.Add("MessageStatus", "'MessageStatus' is not a Twilio message status.");
        if (!validation.IsValid)
            return validation.ToProblem();

        var error = status == DeliveryStatus.Failed ? $"Twilio error {(string?)form["ErrorCode"] ?? "unknown"}" : null;
        await statuses.ApplyAsync(channelId, form["MessageSid"]!, status!.Value, error, cancellationToken);
        return TypedResults.Text(EmptyTwiml, "text/xml");
    }

    /// <summary>The channel and its signed form, or the problem to answer; enters the channel's organisation.</summary>
    private async Task<(Channel? Channel, IFormCollection? Form, IResult? Refused)> AuthenticateAsync(Guid channelId, HttpRequest request, CancellationToken cancellationToken)
    {
        // Anonymous: the channel names the organisation, and only its signature proves the caller.
        if (await channels.FindAsync(channelId, ChannelType.Sms, cancellationToken) is not var (channel, settings))
            return (null, null, Problem.NotFound("The SMS channel"));
        if (!request.HasFormContentType)
            return (null, null, TypedResults.Problem(statusCode: 400, title: "Twilio webhooks are form-encoded."));
        var form = await request.ReadFormAsync(cancellationToken);
        var parameters = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))).ToList();
        if (!TwilioSignature.IsValid(urls.CurrentRequest, parameters, settings.AuthToken, request.Headers["X-Twilio-Signature"]))
        {
            LogRefused(logger, channelId);
            return (null, null, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The X-Twilio-Signature does not match this request."));
        }
        if (!channel.IsActive)
            return (null, null, Problem.Conflict("The channel is inactive."));
        tenant.Enter(channel.OrganizationId);
        return (channel, form, null);
    }

    /// <summary>MediaUrl{N} and MediaContentType{N} for N below NumMedia (Twilio sends at most 10); fetched after the commit.</summary>
    private static List<InboundMedia> Media(IFormCollection form, Validation validation)
    {
        var media = new List<InboundMedia>();
        if (!int.TryParse(form["NumMedia"], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
            return media;
        for (var i = 0; i < Math.Min(count, 10); i++)
        {
            var url = (string?)form[$"MediaUrl{i}"];
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url!.Length > 2000)
            {
                validation.Add($"MediaUrl{i}", $"'MediaUrl{i}' is not an http(s) URL.");
                continue;
            }
            media.Add(new InboundMedia(url, form[$"MediaContentType{i}"], null));
        }
        return media;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Twilio webhook for channel {ChannelId}: bad or missing signature")]
    private static partial void LogRefused(ILogger logger, Guid channelId);
}
