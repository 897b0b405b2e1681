using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Parley.ProviderSimulator.Delivery;

/// <summary>One message a client asked a provider to send.</summary>
public sealed record SentMessage(
    string Provider,
    string Id,
    string Account,
    string To,
    string From,
    string Type,
    string? Body,
    JsonNode? Template,
    IReadOnlyList<string> MediaUrls,
    string? StatusCallback,
    DateTimeOffset Time,
    JsonNode? Payload,
    // Kept to sign later reports for this message; never shown by GET /_sim/messages.
    [property: JsonIgnore] string? SigningKey = null,
    // One entry per media URL once the simulator has fetched them all; [] without media, null while fetching.
    IReadOnlyList<FetchedMedia>? Media = null);

/// <summary>What the simulator got when it fetched one media URL of a send, as the provider would before delivering.</summary>
/// <param name="StatusCode">The media server's HTTP status, or 0 when it could not be reached.</param>
public sealed record FetchedMedia(
    string Url,
    int StatusCode,
    string? ContentType,
    long? Size,
    [property: JsonPropertyName("sha256hex")] string? Sha256Hex,
    string? Error = null)
{
    [JsonIgnore]
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// A file a simulated customer attached, kept so the client can download it from the simulator the way it
/// would from the provider. <paramref name="Account"/> is the Twilio AccountSid or the WhatsApp phone number id.
/// </summary>
/// <param name="Secret">Twilio: the auth token that must come with the download. WhatsApp: null (the number's registered access token is checked).</param>
public sealed record StoredMedia(string Id, string Provider, string Account, string? MessageId, string ContentType, byte[] Bytes, string? Secret, DateTimeOffset Created)
{
    /// <summary>Lowercase hex SHA-256 of the bytes, the form both Meta's documented examples use.</summary>
    public string Sha256Hex { get; } = Convert.ToHexStringLower(SHA256.HashData(Bytes));
}

/// <summary>One webhook the simulator delivered (or tried to), with what the receiver answered.</summary>
public sealed record DeliveredWebhook(
    string Provider,
    string Kind,
    string Url,
    string? MessageId,
    string? Status,
    int StatusCode,
    string? Error,
    DateTimeOffset Time);

/// <summary>Where a WhatsApp phone number's webhooks go and how they are signed.</summary>
public sealed record WhatsAppRegistration(
    string PhoneNumberId,
    string WebhookUrl,
    string AppSecret,
    string? AccessToken,
    string DisplayPhoneNumber,
    string BusinessAccountId);

/// <summary>How the next sends to a provider fail.</summary>
/// <param name="AfterAccept">true: the send is answered 2xx and the delivery report says it failed.</param>
public sealed record FailurePlan(int Remaining, int Status, int Code, string Message, bool AfterAccept);

/// <summary>
/// Everything the simulator knows (sends, webhooks, registrations, planned failures, customers' media), in
/// memory only: a restart is a clean provider. <see cref="Generation"/>
/// moves on every reset so callbacks queued before it are dropped rather than leak into the next test.
/// </summary>
public sealed class SimulatorState
{
    public const string Twilio = "twilio";
    public const string WhatsApp = "whatsapp";

    private readonly Lock _gate = new();
    private readonly List<SentMessage> _sent = [];
    private readonly List<DeliveredWebhook> _webhooks = [];
    private readonly ConcurrentDictionary<string, WhatsAppRegistration> _registrations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FailurePlan> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredMedia> _media = new(StringComparer.Ordinal);
    private int _generation;

    public int Generation => Volatile.Read(ref _generation);

    public void Record(SentMessage message)
    {
        lock (_gate)
            _sent.Add(message);
    }

    public void Record(DeliveredWebhook webhook)
    {
        lock (_gate)
            _webhooks.Add(webhook);
    }

    public IReadOnlyList<SentMessage> SentMessages()
    {
        lock (_gate)
            return [.. _sent];
    }

    public SentMessage? FindSent(string id)
    {
        lock (_gate)
            return _sent.FindLast(m => m.Id == id);
    }

    /// <summary>Replaces the latest send with this id; false when it is gone (a reset happened meanwhile).</summary>
    public bool UpdateSent(string id, Func<SentMessage, SentMessage> update)
    {
        lock (_gate)
        {
            var index = _sent.FindLastIndex(m => m.Id == id);
            if (index < 0)
                return false;
            _sent[index] = update(_sent[index]);
            return true;
        }
    }

    public void Store(StoredMedia media) => _media[media.Id] = media;

    public StoredMedia? Media(string id) => _media.GetValueOrDefault(id);

    public IReadOnlyList<DeliveredWebhook> Webhooks()
    {
        lock (_gate)
            return [.. _webhooks];
    }

    public void Register(WhatsAppRegistration registration) => _registrations[registration.PhoneNumberId] = registration;

    public WhatsAppRegistration? Registration(string phoneNumberId) => _registrations.GetValueOrDefault(phoneNumberId);

    public void PlanFailures(string provider, FailurePlan plan)
    {
        lock (_gate)
            _failures[provider] = plan;
    }

    /// <summary>Uses up one planned failure for this provider, if any is left.</summary>
    public FailurePlan? TakeFailure(string provider)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(provider, out var plan) || plan.Remaining <= 0)
                return null;
            _failures[provider] = plan with { Remaining = plan.Remaining - 1 };
            return plan;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _sent.Clear();
            _webhooks.Clear();
            _failures.Clear();
            _registrations.Clear();
            _media.Clear();
            Interlocked.Increment(ref _generation);
        }
    }

    /// <summary>A provider-style id: prefix plus 32 lowercase hex digits (Twilio's SM…, AC…, MM…, ME…).</summary>
    public static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A Graph-style object id: 16 decimal digits, never starting with 0 (Meta's media ids look like 1013859600285441).</summary>
    public static string NewNumericId() =>
        RandomNumberGenerator.GetInt32(1, 10).ToString(CultureInfo.InvariantCulture)
        + string.Concat(Enumerable.Range(0, 15).Select(_ => RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture)));
}
