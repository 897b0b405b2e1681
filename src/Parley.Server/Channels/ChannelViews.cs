namespace Parley.Channels;

public sealed record ChannelResponse(
    Guid Id, ChannelType Type, string Name, Guid? TeamId, bool IsActive, DateTime CreatedAt, string? PhoneNumber,
    IReadOnlyDictionary<string, object?> Settings, IReadOnlyDictionary<string, string> Webhooks, BusinessHours? BusinessHours);

/// <summary>Shapes a channel for the API: settings without secrets, and the webhook URLs to give the provider.</summary>
public sealed class ChannelViews(ChannelSecrets secrets, ChannelAdapters adapters, PublicUrls urls)
{
    public ChannelResponse From(Channel c) =>
        new(c.Id, c.Type, c.Name, c.TeamId, c.IsActive, c.CreatedAt, c.PhoneNumber, adapters.For(c).Visible(secrets.Unprotect(c.ProtectedSettings)), urls.WebhooksFor(c),
            Channels.BusinessHours.Parse(c.BusinessHours));
}
