using System.Security.Cryptography;
using System.Text;

namespace Parley.Channels.WhatsApp;

/// <summary>Meta's webhook signature: X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256 of the raw body, keyed with the app secret.</summary>
public static class MetaSignature
{
    public static string Compute(ReadOnlySpan<byte> body, string appSecret) =>
        "sha256=" + Convert.ToHexStringLower(WebhookHmac.Sha256(appSecret, body));

    public static bool IsValid(ReadOnlySpan<byte> body, string? appSecret, string? header)
    {
        if (string.IsNullOrEmpty(appSecret) || string.IsNullOrEmpty(header))
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Compute(body, appSecret)), Encoding.UTF8.GetBytes(header.Trim().ToLowerInvariant()));
    }
}
