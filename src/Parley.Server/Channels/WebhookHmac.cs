using System.Security.Cryptography;
using System.Text;

namespace Parley.Channels;

/// <summary>
/// HMAC of a webhook body under a channel's secret. On OpenSSL 3 the one-shot
/// <c>HMACSHA256.HashData</c> looks the algorithm up again on every call, which was a tenth of
/// the server's CPU under webhook load (docs/benchmarks.md); an HMAC object does that once. HMAC
/// objects are not thread-safe, so each thread keeps its own, one per secret.
/// </summary>
internal static class WebhookHmac
{
    // A node serves a handful of channels; past this many secrets on one thread, start afresh.
    private const int MaxSecretsPerThread = 32;

    [ThreadStatic]
    private static Dictionary<(string Algorithm, string Secret), HMAC>? _macs;

    public static byte[] Sha256(string secret, ReadOnlySpan<byte> data) => Compute(HashAlgorithmName.SHA256, secret, data);

    public static byte[] Sha1(string secret, ReadOnlySpan<byte> data) => Compute(HashAlgorithmName.SHA1, secret, data);

    private static byte[] Compute(HashAlgorithmName algorithm, string secret, ReadOnlySpan<byte> data)
    {
        var macs = _macs ??= [];
        var key = (algorithm.Name!, secret);
        if (!macs.TryGetValue(key, out var mac))
        {
            if (macs.Count >= MaxSecretsPerThread)
            {
                foreach (var old in macs.Values)
                    old.Dispose();
                macs.Clear();
            }
            var secretBytes = Encoding.UTF8.GetBytes(secret);
            // Twilio signs with HMAC-SHA1: the provider's choice, not ours.
            mac = algorithm == HashAlgorithmName.SHA1 ? new HMACSHA1(secretBytes) : new HMACSHA256(secretBytes);
            macs[key] = mac;
        }
        var hash = new byte[mac.HashSize / 8];
        if (!mac.TryComputeHash(data, hash, out _))
            throw new CryptographicException("The HMAC did not fit its own size.");
        return hash;
    }
}
