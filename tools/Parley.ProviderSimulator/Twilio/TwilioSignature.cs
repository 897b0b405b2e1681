using System.Security.Cryptography;
using System.Text;

namespace Parley.ProviderSimulator.Twilio;

/// <summary>
/// Twilio's webhook signature (<c>X-Twilio-Signature</c>): base64 of HMAC-SHA1, keyed with the
/// account's auth token, over the full URL Twilio requested followed by each POST parameter's
/// name and value, sorted by name.
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    /// <summary>Computes the signature Twilio would send for this form posted to <paramref name="url"/>.</summary>
    /// <param name="url">Exactly as requested, query string included; Twilio signs it unmodified.</param>
    /// <param name="form">Decoded form parameters. A name that repeats contributes each distinct value,
    /// sorted, which is what Twilio's own validators do.</param>
    /// <param name="authToken">The account's auth token, the HMAC key.</param>
    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> form, string authToken)
    {
        var data = new StringBuilder(url);
        foreach (var parameter in form.GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var value in parameter.Select(p => p.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                data.Append(parameter.Key).Append(value);
        }
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(mac);
    }

    /// <summary>Checks a received signature in constant time.</summary>
    public static bool IsValid(string url, IEnumerable<KeyValuePair<string, string>> form, string authToken, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
            return false;
        var expected = Encoding.ASCII.GetBytes(Compute(url, form, authToken));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
