using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Parley.Platform.Problems;

namespace Parley.Channels;

/// <summary>
/// A channel's provider settings as the API takes them (the <c>settings</c> object of a create or
/// change) and as they are stored, encrypted. Each provider reads its own fields into its own record
/// (Channels/&lt;Provider&gt;/…Settings) and decides what is required, what GET shows and how a change
/// merges. Secrets (auth token, access token, app secret, verify token, signing secret) are written
/// once and never returned.
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
    string? SigningSecret = null);

/// <summary>Checks providers' settings share.</summary>
public static class ChannelSettingRules
{
    public static void Require(string? value, string field, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value))
            validation.Add(field, $"'{field}' is required.");
        else if (value.Length > 500)
            validation.Add(field, $"'{field}' must be at most 500 characters.");
    }

    /// <summary>A channel on a telephone provider (SMS, WhatsApp): its number, and the provider's base URL.</summary>
    public static void RequireNumberAndProvider(string? phoneNumber, string? baseUrl, Validation validation)
    {
        if (phoneNumber is null)
            validation.Add("phoneNumber", "'phoneNumber' is required for SMS and WhatsApp channels.");
        if (!IsHttpUrl(baseUrl))
            validation.Add("settings.baseUrl", "'settings.baseUrl' must be the provider's absolute http(s) URL.");
    }

    /// <summary>What GET shows: the values that are set, and each secret only as a true "…Set".</summary>
    public static IReadOnlyDictionary<string, object?> Shown(Dictionary<string, object?> fields) =>
        fields.Where(p => p.Value is not null and not false).ToDictionary();

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

/// <summary>
/// Encrypts settings at rest with ASP.NET Core Data Protection (keys in the database). The stored
/// form is the JSON of <see cref="ChannelSettings"/>, so every channel written before providers had
/// folders of their own still reads.
/// </summary>
public sealed class ChannelSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Parley.Channels.Settings.v1");

    public string Protect(ChannelSettings settings) => _protector.Protect(JsonSerializer.Serialize(settings));

    public ChannelSettings Unprotect(string? protectedSettings) =>
        string.IsNullOrEmpty(protectedSettings) ? new ChannelSettings() : JsonSerializer.Deserialize<ChannelSettings>(_protector.Unprotect(protectedSettings))!;
}
