using Parley.Platform.Problems;

namespace Parley.Channels.Sms;

/// <summary>A Twilio account: its sid, its auth token (a secret: it signs webhooks and authorises calls), and Twilio's API address.</summary>
public sealed record SmsSettings(string? AccountSid, string? AuthToken, string? BaseUrl)
{
    public static SmsSettings Of(ChannelSettings settings) => new(settings.AccountSid, settings.AuthToken, settings.BaseUrl);

    public ChannelSettings ToStored() => new(AccountSid: AccountSid, AuthToken: AuthToken, BaseUrl: BaseUrl);

    public SmsSettings With(SmsSettings change) => new(change.AccountSid ?? AccountSid, change.AuthToken ?? AuthToken, change.BaseUrl ?? BaseUrl);

    public IReadOnlyDictionary<string, object?> Visible() => ChannelSettingRules.Shown(new()
    {
        ["accountSid"] = AccountSid,
        ["baseUrl"] = BaseUrl,
        ["authTokenSet"] = AuthToken is not null,
    });

    public void Validate(string? phoneNumber, Validation validation)
    {
        ChannelSettingRules.RequireNumberAndProvider(phoneNumber, BaseUrl, validation);
        ChannelSettingRules.Require(AccountSid, "settings.accountSid", validation);
        ChannelSettingRules.Require(AuthToken, "settings.authToken", validation);
    }
}
