using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Parley.Channels;

/// <summary>
/// A channel's provider settings. Secrets (auth token, access token, app secret, verify token,
/// signing secret) are written once and never returned; the whole object is stored encrypted.
/// </summary>
public sealed record ChannelSettings(
    string? AccountSid = null,
    string? AuthToken = null,
    string? BaseUrl = null,
    string? PhoneNumberId = null,
    string? AccessToken = null,
    string? AppSecret = null,
    string? VerifyToken = null,
    string? ApiVersion = null,
    string? WebhookUrl = null,
    string? SigningSecret = null)
{
    /// <summary>Fields given in a change replace the stored ones; omitted fields stay.</summary>
    public ChannelSettings With(ChannelSettings change) => new(
        change.AccountSid ?? AccountSid, change.AuthToken ?? AuthToken, change.BaseUrl ?? BaseUrl,
        change.PhoneNumberId ?? PhoneNumberId, change.AccessToken ?? AccessToken, change.AppSecret ?? AppSecret,
        change.VerifyToken ?? VerifyToken, change.ApiVersion ?? ApiVersion, change.WebhookUrl ?? WebhookUrl,
        change.SigningSecret ?? SigningSecret);

    /// <summary>What GET shows: configuration, and only whether each secret is set.</summary>
    public IReadOnlyDictionary<string, object?> Visible() => new Dictionary<string, object?>
    {
        ["accountSid"] = AccountSid,
        ["baseUrl"] = BaseUrl,
        ["phoneNumberId"] = PhoneNumberId,
        ["apiVersion"] = ApiVersion,
        ["webhookUrl"] = WebhookUrl,
        ["authTokenSet"] = AuthToken is not null,
        ["accessTokenSet"] = AccessToken is not null,
        ["appSecretSet"] = AppSecret is not null,
        ["verifyTokenSet"] = VerifyToken is not null,
        ["signingSecretSet"] = SigningSecret is not null,
    }.Where(p => p.Value is not null and not false).ToDictionary();
}

/// <summary>Encrypts settings at rest with ASP.NET Core Data Protection (keys in the database).</summary>
public sealed class ChannelSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Parley.Channels.Settings.v1");

    public string Protect(ChannelSettings settings) => _protector.Protect(JsonSerializer.Serialize(settings));

    public ChannelSettings Unprotect(string? protectedSettings) =>
        string.IsNullOrEmpty(protectedSettings) ? new ChannelSettings() : JsonSerializer.Deserialize<ChannelSettings>(_protector.Unprotect(protectedSettings))!;
}
