using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Parley.Bench.Webhooks;

public enum WebhookKind
{
    /// <summary>A customer message with a provider id not sent before.</summary>
    Inbound,
    /// <summary>The provider sending an earlier inbound webhook again, byte for byte.</summary>
    Duplicate,
    /// <summary>A delivery status of one of the business's outbound messages.</summary>
    Status,
}

/// <summary>One request of the load, encoded and signed before the clock starts.</summary>
public sealed record SignedWebhook(
    WebhookKind Kind, bool Sms, string Path, byte[] Body, string ContentType, string SignatureHeader, string Signature,
    string MessageId, int Contact, string? Status, bool OptsOut = false);

/// <summary>The two channels the load is sent to, with the secrets their webhooks are signed with.</summary>
public sealed record BenchChannels(Uri Server, Guid SmsId, Guid WhatsAppId)
{
    public const string SmsNumber = "+15550100000";
    public const string WhatsAppNumber = "+15550100001";
    public const string AccountSid = "AC00000000000000000000000000bench";
    // Throwaway secrets of a throwaway database.
    public const string AuthToken = "bench-twilio-auth-token";
    public const string AppSecret = "bench-meta-app-secret";
    public const string PhoneNumberId = "100000000000001";
}

/// <summary>An outbound message the bench puts in before the run (as if the provider had accepted it), whose statuses the load then sends.</summary>
public sealed record OutboundMessage(int Contact, bool Sms, string ProviderId, bool Fails);

/// <summary>
/// The webhooks of a run, computed up front so the load generator only sends bytes: half Twilio,
/// half WhatsApp; of every 100 requests about 10 re-send an earlier message (a provider retry),
/// 20 are delivery statuses arriving out of order, 70 are new customer messages, a third of which
/// are followed by another from the same customer at once (people send two short texts).
/// </summary>
public sealed class Traffic
{
    public const double DuplicateShare = 0.10;
    public const double StatusShare = 0.20;
    private const double BurstShare = 0.3;
    // The statuses of this many outbound messages are in flight at once, interleaved.
    private const int StatusWindow = 64;
    private const double FailingShare = 0.05;

    private static readonly string[] Texts =
    [
        "Hi, is my order #A-10293 on its way?",
        "Thanks!",
        "Can I change the delivery address to 12 Harbour Street?",
        "Hello! Is my order #A-10293 on its way? I have been waiting for a week now, thanks.",
        "ok",
        "Do you ship to Lisbon? And how long does it usually take?",
        "The parcel arrived damaged, the box was open and one item is missing. What do I do now?",
        "What are your opening hours on Saturday?",
    ];

    private readonly BenchChannels _channels;
    private readonly long _sentAt;

    public Traffic(BenchChannels channels, DateTimeOffset now)
    {
        _channels = channels;
        // Customers' clocks are a little behind; the server refuses none from the future.
        _sentAt = now.AddMinutes(-1).ToUnixTimeSeconds();
    }

    public static string Phone(int contact) => "+1555" + (2_000_000 + contact).ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>One first message from each of the first <paramref name="count"/> contacts, alternating SMS and WhatsApp.</summary>
    public List<SignedWebhook> Warmup(int count) =>
        [.. Enumerable.Range(0, count).Select(contact => Inbound(contact, contact % 2 == 0, $"warm{contact}", Texts[contact % Texts.Length]))];

    /// <summary><paramref name="perConversation"/> outbound messages in each warm-up conversation.</summary>
    public static List<OutboundMessage> Outbound(int warmupContacts, int perConversation, int seed)
    {
        var random = new Random(seed);
        var outbound = new List<OutboundMessage>();
        for (var n = 0; n < perConversation; n++)
        {
            for (var contact = 0; contact < warmupContacts; contact++)
            {
                var sms = contact % 2 == 0;
                var id = sms ? $"SMout{contact}x{n}" : $"wamid.out{contact}x{n}";
                outbound.Add(new OutboundMessage(contact, sms, id, random.NextDouble() < FailingShare));
            }
        }
        return outbound;
    }

    public List<SignedWebhook> Timed(int count, int contacts, IReadOnlyList<OutboundMessage> outbound, int seed)
    {
        var random = new Random(seed);
        var statuses = InterleavedStatuses(outbound, random).GetEnumerator();
        var inbound = new List<SignedWebhook>();
        var traffic = new List<SignedWebhook>(count);
        (int Contact, bool Sms)? burst = null;
        for (var i = 0; i < count; i++)
        {
            var draw = random.NextDouble();
            if (draw < DuplicateShare && inbound.Count > 0)
            {
                // Providers retry within seconds: re-send one of the last thousand messages.
                traffic.Add(inbound[inbound.Count - 1 - random.Next(Math.Min(1000, inbound.Count))] with { Kind = WebhookKind.Duplicate });
                continue;
            }
            if (draw < DuplicateShare + StatusShare && statuses.MoveNext())
            {
                traffic.Add(statuses.Current);
                continue;
            }
            var (contact, sms) = burst ?? (random.Next(contacts), random.Next(2) == 0);
            burst = random.NextDouble() < BurstShare ? (contact, sms) : null;
            // A few customers opt out, to take the keyword path too.
            var text = random.NextDouble() < 0.01 ? "STOP" : Texts[random.Next(Texts.Length)];
            var message = Inbound(contact, sms, i.ToString("x8", CultureInfo.InvariantCulture), text) with { OptsOut = text == "STOP" };
            inbound.Add(message);
            traffic.Add(message);
        }
        return traffic;
    }

    // Each outbound message gets sent, delivered and read (or sent and failed) in a shuffled
    // order, and the statuses of many messages are interleaved, as callbacks arrive in practice.
    private IEnumerable<SignedWebhook> InterleavedStatuses(IReadOnlyList<OutboundMessage> outbound, Random random)
    {
        var window = new List<(OutboundMessage Message, Queue<string> Statuses)>();
        var next = 0;
        while (next < outbound.Count || window.Count > 0)
        {
            while (window.Count < StatusWindow && next < outbound.Count)
            {
                var message = outbound[next++];
                string[] steps = message.Fails ? ["sent", "failed"] : ["sent", "delivered", "read"];
                random.Shuffle(steps);
                window.Add((message, new Queue<string>(steps)));
            }
            var pick = random.Next(window.Count);
            var (picked, remaining) = window[pick];
            yield return Status(picked, remaining.Dequeue());
            if (remaining.Count == 0)
                window.RemoveAt(pick);
        }
    }

    private SignedWebhook Inbound(int contact, bool sms, string id, string text)
    {
        var phone = Phone(contact);
        if (sms)
        {
            var sid = "SM" + id.PadLeft(32, '0');
            return Twilio(WebhookKind.Inbound, $"/webhooks/twilio/{_channels.SmsId}", sid, contact, null,
            [
                new("ToCountry", "US"), new("SmsMessageSid", sid), new("NumMedia", "0"), new("SmsSid", sid), new("SmsStatus", "received"),
                new("Body", text), new("FromCountry", "US"), new("To", BenchChannels.SmsNumber), new("NumSegments", "1"),
                new("MessageSid", sid), new("AccountSid", BenchChannels.AccountSid), new("From", phone), new("ApiVersion", "2010-04-01"),
            ]);
        }
        var wamid = "wamid.bench" + id;
        var waId = phone[1..];
        var value = $$$"""
            {"messaging_product":"whatsapp","metadata":{{{Metadata()}}},"contacts":[{"profile":{"name":{{{Json($"Customer {contact}")}}}},"wa_id":"{{{waId}}}"}],"messages":[{"from":"{{{waId}}}","id":"{{{wamid}}}","timestamp":"{{{_sentAt}}}","type":"text","text":{"body":{{{Json(text)}}}}}]}
            """;
        return Meta(WebhookKind.Inbound, wamid, contact, null, value);
    }

    private SignedWebhook Status(OutboundMessage message, string status)
    {
        var phone = Phone(message.Contact);
        if (message.Sms)
        {
            var path = $"/webhooks/twilio/{_channels.SmsId}/status";
            List<KeyValuePair<string, string>> form =
            [
                new("SmsSid", message.ProviderId), new("SmsStatus", status), new("MessageStatus", status), new("To", phone),
                new("MessageSid", message.ProviderId), new("AccountSid", BenchChannels.AccountSid), new("From", BenchChannels.SmsNumber),
                new("ApiVersion", "2010-04-01"),
            ];
            if (status == "failed")
                form.Add(new("ErrorCode", "30003"));
            return Twilio(WebhookKind.Status, path, message.ProviderId, message.Contact, status, form);
        }
        var errors = status == "failed" ? ""","errors":[{"code":131026,"title":"Message undeliverable"}]""" : "";
        var value = $$"""
            {"messaging_product":"whatsapp","metadata":{{Metadata()}},"statuses":[{"id":"{{message.ProviderId}}","status":"{{status}}","timestamp":"{{_sentAt}}","recipient_id":"{{phone[1..]}}"{{errors}}}]}
            """;
        return Meta(WebhookKind.Status, message.ProviderId, message.Contact, status, value);
    }

    private SignedWebhook Twilio(WebhookKind kind, string path, string sid, int contact, string? status, List<KeyValuePair<string, string>> form)
    {
        // Twilio signs the URL it called followed by every parameter's name and value, sorted by name.
        var signed = new StringBuilder(new Uri(_channels.Server, path).ToString());
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
            signed.Append(name).Append(value);
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(BenchChannels.AuthToken), Encoding.UTF8.GetBytes(signed.ToString())));
        var body = Encoding.ASCII.GetBytes(string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        return new SignedWebhook(kind, true, path, body, "application/x-www-form-urlencoded", "X-Twilio-Signature", signature, sid, contact, status);
    }

    private SignedWebhook Meta(WebhookKind kind, string id, int contact, string? status, string value)
    {
        var body = Encoding.UTF8.GetBytes(
            $$"""{"object":"whatsapp_business_account","entry":[{"id":"200000000000001","changes":[{"value":{{value.Trim()}},"field":"messages"}]}]}""");
        // Meta signs the raw body: "sha256=" + hex HMAC-SHA256 keyed with the app secret.
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(BenchChannels.AppSecret), body));
        return new SignedWebhook(kind, false, $"/webhooks/whatsapp/{_channels.WhatsAppId}", body, "application/json", "X-Hub-Signature-256", signature, id, contact, status);
    }

    private static string Metadata() =>
        $$"""{"display_phone_number":"{{BenchChannels.WhatsAppNumber[1..]}}","phone_number_id":"{{BenchChannels.PhoneNumberId}}"}""";

    private static string Json(string text) => JsonSerializer.Serialize(text);
}
