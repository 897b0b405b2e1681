using Parley.Platform.Problems;

namespace Parley.Channels.Api;

/// <summary>A bot's webhook, where its replies are posted, and the secret they are signed with.</summary>
public sealed record ApiSettings(string? WebhookUrl, string? SigningSecret)
{
    public static ApiSettings Of(ChannelSettings settings) => new(settings.WebhookUrl, settings.SigningSecret);

    public ChannelSettings ToStored() => new(WebhookUrl: WebhookUrl, SigningSecret: SigningSecret);

    public ApiSettings With(ApiSettings change) => new(change.WebhookUrl ?? WebhookUrl, change.SigningSecret ?? SigningSecret);

    public IReadOnlyDictionary<string, object?> Visible() => ChannelSettingRules.Shown(new()
    {
        ["webhookUrl"] = WebhookUrl,
        ["signingSecretSet"] = SigningSecret is not null,
    });

    public void Validate(Validation validation)
    {
        if (WebhookUrl is not null && !ChannelSettingRules.IsHttpUrl(WebhookUrl))
            validation.Add("settings.webhookUrl", "'settings.webhookUrl' must be an absolute http(s) URL.");
    }
}
