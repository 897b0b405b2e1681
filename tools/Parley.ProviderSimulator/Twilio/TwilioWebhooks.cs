using System.Text;
using Parley.ProviderSimulator.Delivery;

namespace Parley.ProviderSimulator.Twilio;

/// <summary>The form posts Twilio makes to a client: an inbound SMS and a message status callback.</summary>
public static class TwilioWebhooks
{
    public const string ApiVersion = "2010-04-01";

    public static OutgoingWebhook Inbound(
        string url, string authToken, string accountSid, string messageSid, string from, string to, string body,
        IReadOnlyList<(string Url, string ContentType)> media)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("ToCountry", "US"),
            new("SmsMessageSid", messageSid),
            new("NumMedia", media.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("SmsSid", messageSid),
            new("SmsStatus", "received"),
            new("Body", body),
            new("FromCountry", "US"),
            new("To", to),
            new("NumSegments", "1"),
            new("MessageSid", messageSid),
            new("AccountSid", accountSid),
            new("From", from),
            new("ApiVersion", ApiVersion),
        };
        for (var i = 0; i < media.Count; i++)
        {
            form.Add(new($"MediaUrl{i}", media[i].Url));
            form.Add(new($"MediaContentType{i}", media[i].ContentType));
        }
        return Signed("inbound", url, form, authToken, messageSid, "received");
    }

    public static OutgoingWebhook Status(string url, string authToken, SentMessage message, string status, int? errorCode)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("SmsSid", message.Id),
            new("SmsStatus", status),
            new("MessageStatus", status),
            new("To", message.To),
            new("MessageSid", message.Id),
            new("AccountSid", message.Account),
            new("From", message.From),
            new("ApiVersion", ApiVersion),
        };
        if (errorCode is { } code)
            form.Add(new("ErrorCode", code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Signed("status", url, form, authToken, message.Id, status);
    }

    private static OutgoingWebhook Signed(
        string kind, string url, List<KeyValuePair<string, string>> form, string authToken, string messageId, string status)
    {
        // Percent-encoding every reserved character ('+' as %2B) keeps a phone number's '+' intact
        // through any form parser; the signature covers the decoded values, so encoding choices don't matter to it.
        var body = Encoding.ASCII.GetBytes(string.Join('&',
            form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        return new OutgoingWebhook(
            SimulatorState.Twilio, kind, url, body, "application/x-www-form-urlencoded; charset=utf-8",
            TwilioSignature.Header, TwilioSignature.Compute(url, form, authToken), messageId, status);
    }
}
