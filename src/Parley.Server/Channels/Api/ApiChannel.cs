using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Parley.Attachments;
using Parley.Platform.Problems;

namespace Parley.Channels.Api;

/// <summary>
/// A channel for bots and integrations: customers' messages arrive over REST, replies go to the
/// bot's webhook signed X-Parley-Signature: sha256=hex(HMAC-SHA256(body)).
/// </summary>
public sealed class ApiChannel(IHttpClientFactory http) : IChannelAdapter
{
    public ChannelType Type => ChannelType.Api;

    public void Validate(string? phoneNumber, ChannelSettings settings, Validation validation) => ApiSettings.Of(settings).Validate(validation);

    public ChannelSettings Merge(ChannelSettings stored, ChannelSettings change) =>
        ApiSettings.Of(stored).With(ApiSettings.Of(change)).ToStored();

    public IReadOnlyDictionary<string, object?> Visible(ChannelSettings settings) => ApiSettings.Of(settings).Visible();

    public IReadOnlyDictionary<string, string> Webhooks(string publicBase, Guid channelId) =>
        new Dictionary<string, string> { ["inbound"] = $"{publicBase}/api/v1/channels/{channelId}/inbound" };

    public void MapRoutes(ChannelRoutes routes) =>
        routes.Channels.MapPost("/{id:guid}/inbound", (Guid id, ReceiveInboundMessage.Request request, ReceiveInboundMessage handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("ReceiveInboundMessage")
            .WithSummary("Deliver a customer's message through an API channel (idempotent on externalMessageId).");

    /// <summary>
    /// A bot without a webhook reads replies over the API; they stay queued until a webhook is
    /// configured (<see cref="UpdateChannel"/> releases them then).
    /// </summary>
    public bool HasNowhereToSend(ChannelSettings settings) => settings.WebhookUrl is null;

    public async Task<SendOutcome> SendAsync(OutboundReply reply, CancellationToken cancellationToken)
    {
        var settings = ApiSettings.Of(reply.Settings);
        var (conversation, contact, message) = (reply.Conversation, reply.Contact, reply.Message);
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "message.created",
            conversationId = conversation.Id,
            messageId = message.Id,
            text = message.Text,
            contact = new { id = contact.Id, name = contact.Name, phone = contact.Phone, externalId = contact.ExternalId },
            attachments = reply.Media.Select(m => new { id = m.File.Id, fileName = m.File.FileName, contentType = m.File.ContentType, size = m.File.Size, url = m.Url }),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (settings.SigningSecret is { } secret)
            request.Headers.Add("X-Parley-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        using var response = await http.CreateClient(ProviderHttp.ClientName).SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? SendOutcome.Delivered(null) : await SendOutcome.FailureAsync(response, "The bot's webhook", cancellationToken);
    }

    public Task<MediaSource> LocateMediaAsync(string providerMedia, ChannelSettings settings, long maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(MediaSource.Unavailable("The channel does not carry provider media.", false));

    public CareWindowState? CareWindow(DateTime? lastInboundAt, DateTime now) => null;

    public void CheckCarries(IReadOnlyList<Attachment> files, string text, Validation validation)
    {
    }

    public bool SendsRegisteredTemplates => false;

    public bool WritesFirstOnlyWithRegisteredTemplate => false;
}

public static class ApiChannelRegistration
{
    public static IServiceCollection AddApiChannel(this IServiceCollection services) => services.AddChannelAdapter<ApiChannel>();
}
