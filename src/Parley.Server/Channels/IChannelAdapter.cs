using System.Net;
using System.Net.Http.Headers;
using Parley.Attachments;
using Parley.Contacts;
using Parley.Conversations;
using Parley.Platform.Problems;

namespace Parley.Channels;

/// <summary>
/// Everything Parley knows about one kind of channel provider, in the provider's own folder
/// (<c>Channels/Sms</c>, <c>Channels/WhatsApp</c>, <c>Channels/Api</c>): its settings, the webhook
/// URLs it is given and the routes behind them, sending a reply, fetching a customer's media, and
/// the rules the composer follows on it. The rest of the server reaches a provider only through
/// <see cref="ChannelAdapters"/>, so a new provider is a new folder with an implementation of this
/// and one registration (<see cref="ChannelAdapterRegistration.AddChannelAdapter{TAdapter}"/>).
/// </summary>
/// <remarks>
/// Implementations are singletons, shared by every request and background pass. Settings arrive as
/// the flat <see cref="ChannelSettings"/> the API documents and the store keeps; each adapter reads
/// its own fields into its own record. Never log settings, numbers or message text.
/// </remarks>
public interface IChannelAdapter
{
    /// <summary>The channel type this adapter serves; one adapter per type.</summary>
    ChannelType Type { get; }

    /// <summary>
    /// Checks a channel's number and settings (as they would be stored after a create or a change);
    /// each problem goes to <paramref name="validation"/> under its request field.
    /// </summary>
    void Validate(string? phoneNumber, ChannelSettings settings, Validation validation);

    /// <summary>The stored settings with a change applied: fields given replace the stored ones; omitted fields stay.</summary>
    ChannelSettings Merge(ChannelSettings stored, ChannelSettings change);

    /// <summary>What GET shows of the settings: configuration, and only whether each secret is set.</summary>
    IReadOnlyDictionary<string, object?> Visible(ChannelSettings settings);

    /// <summary>The URLs to give the provider (an admin copies them into its console), by name.</summary>
    /// <param name="publicBase">The server's address as providers see it (<see cref="PublicUrls.Base"/>).</param>
    IReadOnlyDictionary<string, string> Webhooks(string publicBase, Guid channelId);

    /// <summary>Maps the routes the provider calls (its inbound messages and status reports).</summary>
    void MapRoutes(ChannelRoutes routes);

    /// <summary>
    /// True when a reply on this channel has nowhere to go yet (a bot without a webhook): it stays
    /// queued, not attempted and not failed, until the settings change.
    /// </summary>
    bool HasNowhereToSend(ChannelSettings settings);

    /// <summary>
    /// Hands one reply to the provider. Network errors and timeouts may be thrown (the caller retries
    /// them); an answer the provider gave is an <see cref="SendOutcome"/>.
    /// </summary>
    Task<SendOutcome> SendAsync(OutboundReply reply, CancellationToken cancellationToken);

    /// <summary>
    /// Where a customer's file (the provider's reference from the inbound message) is downloaded from,
    /// and with what credentials; or why it cannot be.
    /// </summary>
    /// <param name="maxBytes">The largest file Parley takes; a provider that tells the size up front refuses larger ones here.</param>
    Task<MediaSource> LocateMediaAsync(string providerMedia, ChannelSettings settings, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The channel's customer care window at <paramref name="now"/>; null on a channel that has none.</summary>
    CareWindowState? CareWindow(DateTime? lastInboundAt, DateTime now);

    /// <summary>Whether a reply with these files (and this caption) can go out on this channel; problems go to validation.</summary>
    void CheckCarries(IReadOnlyList<Attachment> files, string text, Validation validation);

    /// <summary>Whether this channel sends registered (WhatsApp) templates, as Meta requires them outside the care window.</summary>
    bool SendsRegisteredTemplates { get; }

    /// <summary>Whether the business may write first on this channel only with a registered template.</summary>
    bool WritesFirstOnlyWithRegisteredTemplate { get; }
}

/// <summary>The route groups a provider maps its routes into.</summary>
/// <param name="Webhooks"><c>/webhooks</c>: anonymous, each request proven by the provider's signature.</param>
/// <param name="Channels"><c>/api/v1/channels</c>: authenticated like the rest of the API.</param>
public sealed record ChannelRoutes(RouteGroupBuilder Webhooks, RouteGroupBuilder Channels);

/// <summary>A reply to hand to the provider, with everything the provider needs to address it.</summary>
/// <param name="PublicBase">The server's address as providers see it, for URLs they call back.</param>
public sealed record OutboundReply(
    Channel Channel, ChannelSettings Settings, Conversation Conversation, Contact Contact, Message Message, IReadOnlyList<OutboundMedia> Media, string PublicBase);

/// <summary>A file of a reply: providers take it as a URL they fetch from Parley (Attachments/ServeProviderMedia).</summary>
public sealed record OutboundMedia(string Url, Attachment File);

public enum SendOutcomeKind
{
    Accepted,
    Retry,
    Refused,
}

/// <summary>What became of one attempt to send a reply.</summary>
public sealed record SendOutcome(SendOutcomeKind Kind, string? ProviderId, DeliveryStatus Status, string? Reason)
{
    /// <summary>The provider took it under its own id; its status reports follow.</summary>
    public static SendOutcome Accepted(string providerId, DeliveryStatus status) => new(SendOutcomeKind.Accepted, providerId, status, null);

    /// <summary>Delivered at once (a bot's webhook answered): no status reports follow.</summary>
    public static SendOutcome Delivered(string? providerId) => new(SendOutcomeKind.Accepted, providerId ?? $"parley:{Guid.NewGuid():N}", DeliveryStatus.Delivered, null);

    /// <summary>Worth trying again later (with back-off).</summary>
    public static SendOutcome Retry(string reason) => new(SendOutcomeKind.Retry, null, DeliveryStatus.Queued, reason);

    /// <summary>Will never go: the reply fails with the reason.</summary>
    public static SendOutcome Refused(string reason) => new(SendOutcomeKind.Refused, null, DeliveryStatus.Failed, reason);

    /// <summary>A provider's error answer: retried when the provider may answer otherwise later (5xx, 429, 408), else refused with its text.</summary>
    public static async Task<SendOutcome> FailureAsync(HttpResponseMessage response, string provider, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var reason = $"{provider} answered {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] : text)}";
        return ProviderHttp.IsRetryable(response.StatusCode) ? Retry(reason) : Refused(reason);
    }
}

/// <summary>Where a customer's file is downloaded from, or why it cannot be.</summary>
public sealed record MediaSource(string? Url, AuthenticationHeaderValue? Authorization, string? Failure, bool Retry)
{
    public static MediaSource At(string url, AuthenticationHeaderValue authorization) => new(url, authorization, null, false);
    public static MediaSource Unavailable(string failure, bool retry) => new(null, null, failure, retry);
}

/// <summary>What every provider call shares: one named HTTP client, and which answers are worth retrying.</summary>
public static class ProviderHttp
{
    /// <summary>The named HttpClient every call to a provider goes through (a 10 s timeout).</summary>
    public const string ClientName = "providers";

    public static bool IsRetryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
}
