using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Parley.Attachments;
using Parley.Conversations;
using Parley.Platform.Problems;

namespace Parley.Channels.Sms;

/// <summary>SMS and MMS through Twilio's Programmable Messaging API.</summary>
public sealed class SmsChannel(IHttpClientFactory http) : IChannelAdapter
{
    private const long FiveMegabytes = 5L * 1024 * 1024;

    public ChannelType Type => ChannelType.Sms;

    public void Validate(string? phoneNumber, ChannelSettings settings, Validation validation) =>
        SmsSettings.Of(settings).Validate(phoneNumber, validation);

    public ChannelSettings Merge(ChannelSettings stored, ChannelSettings change) =>
        SmsSettings.Of(stored).With(SmsSettings.Of(change)).ToStored();

    public IReadOnlyDictionary<string, object?> Visible(ChannelSettings settings) => SmsSettings.Of(settings).Visible();

    public IReadOnlyDictionary<string, string> Webhooks(string publicBase, Guid channelId) => new Dictionary<string, string>
    {
        ["inbound"] = $"{publicBase}/webhooks/twilio/{channelId}",
        ["status"] = $"{publicBase}/webhooks/twilio/{channelId}/status",
    };

    public void MapRoutes(ChannelRoutes routes)
    {
        routes.Webhooks.MapPost("/twilio/{id:guid}", (Guid id, HttpRequest request, ReceiveTwilioMessage handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("TwilioInbound")
            .WithSummary("Twilio's inbound SMS webhook (form-encoded, X-Twilio-Signature).")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/xml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .DisableAntiforgery();
        routes.Webhooks.MapPost("/twilio/{id:guid}/status", (Guid id, HttpRequest request, ReceiveTwilioMessage handler, CancellationToken ct) => handler.Status(id, request, ct))
            .WithName("TwilioStatus")
            .WithSummary("Twilio's message status callback (form-encoded, X-Twilio-Signature).")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/xml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .DisableAntiforgery();
    }

    public bool HasNowhereToSend(ChannelSettings settings) => false;

    public async Task<SendOutcome> SendAsync(OutboundReply reply, CancellationToken cancellationToken)
    {
        if (reply.Contact.Phone is not { } to)
            return SendOutcome.Refused("The contact has no phone number.");
        var settings = SmsSettings.Of(reply.Settings);
        List<KeyValuePair<string, string>> form =
        [
            new("To", to),
            new("From", reply.Channel.PhoneNumber ?? ""),
            new("Body", reply.Message.Text),
            new("StatusCallback", Webhooks(reply.PublicBase, reply.Channel.Id)["status"]),
            .. reply.Media.Select(m => new KeyValuePair<string, string>("MediaUrl", m.Url)),
        ];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.BaseUrl!.TrimEnd('/')}/2010-04-01/Accounts/{settings.AccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = Basic(settings);
        using var response = await http.CreateClient(ProviderHttp.ClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return await SendOutcome.FailureAsync(response, "Twilio", cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return SendOutcome.Accepted(body.RootElement.GetProperty("sid").GetString()!, DeliveryStatus.Queued);
    }

    /// <summary>Twilio's media URL is read with the account sid and auth token.</summary>
    public Task<MediaSource> LocateMediaAsync(string providerMedia, ChannelSettings settings, long maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(MediaSource.At(providerMedia, Basic(SmsSettings.Of(settings))));

    public CareWindowState? CareWindow(DateTime? lastInboundAt, DateTime now) => null;

    /// <summary>Twilio MMS: 5 MB of files in all.</summary>
    public void CheckCarries(IReadOnlyList<Attachment> files, string text, Validation validation)
    {
        if (files.Sum(f => f.Size) > FiveMegabytes)
            validation.Add("attachmentIds", "An SMS (MMS) carries at most 5 MB of files in all.");
    }

    public bool SendsRegisteredTemplates => false;

    public bool WritesFirstOnlyWithRegisteredTemplate => false;

    private static AuthenticationHeaderValue Basic(SmsSettings settings) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));
}

public static class SmsChannelRegistration
{
    public static IServiceCollection AddSmsChannel(this IServiceCollection services) => services.AddChannelAdapter<SmsChannel>();
}
