using System.Security.Cryptography;
using System.Text;

namespace Parley.Channels.Sms;

/// <summary>
/// Twilio's request signature: base64 of HMAC-SHA1, keyed with the account's auth token, over the
/// full URL Twilio called followed by every POST parameter's name and value, sorted by name.
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            data.Append(name).Append(value);
        return Convert.ToBase64String(WebhookHmac.Sha1(authToken, Encoding.UTF8.GetBytes(data.ToString())));
    }

    /// <summary>Constant-time comparison, so the answer's timing does not reveal how much matched.</summary>
    public static bool IsValid(string url, IEnumerable<KeyValuePair<string, string>> parameters, string? authToken, string? signature)
    {
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(signature))
            return false;
        var expected = Encoding.UTF8.GetBytes(Compute(url, parameters, authToken));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(signature));
    }
}
