using System.Security.Cryptography;
using System.Text;

namespace Parley.ProviderSimulator.WhatsApp;

/// <summary>
/// Meta's webhook signature (<c>X-Hub-Signature-256</c>): <c>sha256=</c> followed by the lowercase
/// hex HMAC-SHA256 of the raw request body, keyed with the app secret.
/// </summary>
public static class MetaSignature
{
    public const string Header = "X-Hub-Signature-256";

    /// <summary>Computes the header value Meta would send with this body.</summary>
    /// <param name="body">The exact bytes posted; re-serialised JSON would not match.</param>
    /// <param name="appSecret">The Meta app's secret, the HMAC key.</param>
    public static string Compute(ReadOnlySpan<byte> body, string appSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    /// <summary>Checks a received header value in constant time.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string appSecret, string? header)
    {
        if (string.IsNullOrEmpty(header))
            return false;
        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(body, appSecret)), Encoding.ASCII.GetBytes(header));
    }
}
