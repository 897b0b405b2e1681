using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Parley.Attachments;
using Parley.Channels;
using Parley.Conversations;
using Parley.Platform.Problems;
using Parley.Platform.Tenancy;

namespace Parley.Tests.Channels;

/// <summary>
/// A provider that exists only in the tests: it keeps what it is sent, and reports statuses through
/// a webhook of its own. It claims the API channel type on the test server that registers it (the
/// channel types are the API's documented vocabulary, so a provider with a type of its own would add
/// one enum value; see docs/architecture.md), and nothing in the server names it.
/// </summary>
public sealed class LoopbackChannel : IChannelAdapter
{
    public ConcurrentQueue<OutboundReply> Sent { get; } = new();

    public ChannelType Type => ChannelType.Api;

    public void Validate(string? phoneNumber, ChannelSettings settings, Validation validation)
    {
        if (settings.SigningSecret is null)
            validation.Add("settings.signingSecret", "A loopback channel signs its status reports.");
    }

    public ChannelSettings Merge(ChannelSettings stored, ChannelSettings change) => new(SigningSecret: change.SigningSecret ?? stored.SigningSecret);

    public IReadOnlyDictionary<string, object?> Visible(ChannelSettings settings) =>
        new Dictionary<string, object?> { ["signingSecretSet"] = settings.SigningSecret is not null };

    public IReadOnlyDictionary<string, string> Webhooks(string publicBase, Guid channelId) =>
        new Dictionary<string, string> { ["status"] = $"{publicBase}/webhooks/loopback/{channelId}/status" };

    public void MapRoutes(ChannelRoutes routes) =>
        routes.Webhooks.MapPost("/loopback/{id:guid}/status", async (Guid id, string message, string status, string secret,
            WebhookChannels channels, TenantScope tenant, DeliveryStatusUpdates statuses, CancellationToken ct) =>
        {
            if (await channels.FindAsync(id, Type, ct) is not var (channel, settings) || settings.SigningSecret != secret)
                return Results.NotFound();
            if (MapStatus(status) is not { } mapped)
                return Results.BadRequest();
            tenant.Enter(channel.OrganizationId);
            await statuses.ApplyAsync(channel.Id, message, mapped, mapped == DeliveryStatus.Failed ? "Loopback bounced it" : null, ct);
            return Results.Ok();
        });

    /// <summary>The provider's words for what became of a message.</summary>
    public static DeliveryStatus? MapStatus(string status) => status switch
    {
        "arrived" => DeliveryStatus.Delivered,
        "seen" => DeliveryStatus.Read,
        "bounced" => DeliveryStatus.Failed,
        _ => null,
    };

    // Unlike the built-in API channel, a loopback channel always has somewhere to send.
    public bool HasNowhereToSend(ChannelSettings settings) => false;

    public Task<SendOutcome> SendAsync(OutboundReply reply, CancellationToken cancellationToken)
    {
        Sent.Enqueue(reply);
        return Task.FromResult(SendOutcome.Accepted($"loop-{Sent.Count}", DeliveryStatus.Sent));
    }

    public Task<MediaSource> LocateMediaAsync(string providerMedia, ChannelSettings settings, long maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(MediaSource.Unavailable("Loopback carries no media.", false));

    public CareWindowState? CareWindow(DateTime? lastInboundAt, DateTime now) => null;

    public void CheckCarries(IReadOnlyList<Attachment> files, string text, Validation validation) =>
        validation.Add("attachmentIds", "Loopback carries no files.");

    public bool SendsRegisteredTemplates => false;

    public bool WritesFirstOnlyWithRegisteredTemplate => false;
}

public static class LoopbackChannelRegistration
{
    public static IServiceCollection AddLoopbackChannel(this IServiceCollection services) => services.AddChannelAdapter<LoopbackChannel>();
}
