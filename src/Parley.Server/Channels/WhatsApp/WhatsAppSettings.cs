using Parley.Platform.Problems;

namespace Parley.Channels.WhatsApp;

/// <summary>
/// A WhatsApp Cloud API number: its phone number id, the access token that authorises calls, the
/// app secret that signs webhooks and the verify token of Meta's handshake (all three secrets), the
/// Graph API's address and version.
/// </summary>
public sealed record WhatsAppSettings(string? PhoneNumberId, string? AccessToken, string? AppSecret, string? VerifyToken, string? BaseUrl, string? ApiVersion)
{
    /// <summary>The Graph API version used when a channel names none.</summary>
    public const string DefaultApiVersion = "v21.0";

    public static WhatsAppSettings Of(ChannelSettings settings) =>
        new(settings.PhoneNumberId, settings.AccessToken, settings.AppSecret, settings.VerifyToken, settings.BaseUrl, settings.ApiVersion);

    public ChannelSettings ToStored() => new(
        PhoneNumberId: PhoneNumberId, AccessToken: AccessToken, AppSecret: AppSecret, VerifyToken: VerifyToken, BaseUrl: BaseUrl, ApiVersion: ApiVersion);

    public WhatsAppSettings With(WhatsAppSettings change) => new(
        change.PhoneNumberId ?? PhoneNumberId, change.AccessToken ?? AccessToken, change.AppSecret ?? AppSecret,
        change.VerifyToken ?? VerifyToken, change.BaseUrl ?? BaseUrl, change.ApiVersion ?? ApiVersion);

    /// <summary>The Graph API root for this number's calls, version included.</summary>
    public string GraphApi => $"{BaseUrl!.TrimEnd('/')}/{ApiVersion ?? DefaultApiVersion}";

    public IReadOnlyDictionary<string, object?> Visible() => ChannelSettingRules.Shown(new()
    {
        ["baseUrl"] = BaseUrl,
        ["phoneNumberId"] = PhoneNumberId,
        ["apiVersion"] = ApiVersion,
        ["accessTokenSet"] = AccessToken is not null,
        ["appSecretSet"] = AppSecret is not null,
        ["verifyTokenSet"] = VerifyToken is not null,
    });

    public void Validate(string? phoneNumber, Validation validation)
    {
        ChannelSettingRules.RequireNumberAndProvider(phoneNumber, BaseUrl, validation);
        ChannelSettingRules.Require(PhoneNumberId, "settings.phoneNumberId", validation);
        ChannelSettingRules.Require(AccessToken, "settings.accessToken", validation);
        ChannelSettingRules.Require(AppSecret, "settings.appSecret", validation);
        ChannelSettingRules.Require(VerifyToken, "settings.verifyToken", validation);
    }
}
