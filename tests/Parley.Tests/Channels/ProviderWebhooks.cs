using System.Text;
using Parley.Channels.Sms;
using Parley.Channels.WhatsApp;

namespace Parley.Tests.Channels;

/// <summary>Posts requests to Parley's provider webhooks signed as Twilio and Meta sign them.</summary>
internal static class ProviderWebhooks
{
    public static async Task<HttpResponseMessage> PostTwilioAsync(this HttpClient client, string path, Dictionary<string, string> form, string authToken, string signedFor = "https://localhost")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(signedFor + path, form, authToken));
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PostMetaAsync(this HttpClient client, Guid channelId, string body, string appSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/whatsapp/{channelId}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", MetaSignature.Compute(Encoding.UTF8.GetBytes(body), appSecret));
        return await client.SendAsync(request);
    }
}
