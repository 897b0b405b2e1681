using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Channels.Sms;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Channels;

public sealed class TwilioWebhookTests
{
    private const string AuthToken = "twilio-auth-token-0123456789";

    [Fact]
    public void The_signature_matches_the_published_Twilio_test_vector()
    {
        // Twilio's worked example (twilio-python's request-validator test): token 12345.
        var parameters = new Dictionary<string, string>
        {
            ["CallSid"] = "CA1234567890ABCDE",
            ["Caller"] = "+14158675309",
            ["Digits"] = "1234",
            ["From"] = "+14158675309",
            ["To"] = "+18005551212",
        };

        TwilioSignature.Compute("https://mycompany.com/myapp.php?foo=1&bar=2", parameters, "12345").ShouldBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        TwilioSignature.IsValid("https://mycompany.com/myapp.php?foo=1&bar=2", parameters, "12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=").ShouldBeTrue();
        TwilioSignature.IsValid("https://mycompany.com/myapp.php?foo=1&bar=3", parameters, "12345", "RSOYDt4T1cUTdK1PDd93/VVr8B8=").ShouldBeFalse();
    }

    [ProviderFact]
    public async Task An_sms_channel_keeps_its_auth_token_encrypted_and_shows_the_webhook_urls_instead(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        var response = await CreateSmsChannelAsync(admin);

        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain(AuthToken);
        using var json = JsonDocument.Parse(body);
        var id = json.RootElement.GetProperty("id").GetGuid();
        json.RootElement.GetProperty("webhooks").GetProperty("inbound").GetString().ShouldBe($"https://localhost/webhooks/twilio/{id}");
        json.RootElement.GetProperty("settings").GetProperty("authTokenSet").GetBoolean().ShouldBeTrue();
        json.RootElement.GetProperty("phoneNumber").GetString().ShouldBe("+15550100000");
        (await app.SnapshotAsync()).ShouldNotContain(AuthToken);
        (await admin.Client.GetStringAsync($"/api/v1/channels/{id}")).ShouldNotContain(AuthToken);
    }

    [ProviderFact]
    public async Task A_signed_inbound_sms_becomes_a_conversation_once_however_often_twilio_retries(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await ChannelIdAsync(await CreateSmsChannelAsync(admin));
        using var twilio = app.NewClient();
        var form = Inbound("SM0001", "+1 (555) 010-2000", "Is my order shipped?");

        var first = await PostSignedAsync(twilio, channelId, form);
        var retry = await PostSignedAsync(twilio, channelId, form);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Content.Headers.ContentType!.MediaType.ShouldBe("text/xml");
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        var message = await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().SingleAsync());
        (message.ExternalMessageId, message.Text, message.ChannelId).ShouldBe(("SM0001", "Is my order shipped?", channelId));
        (await app.QueryAsync(d => d.Contacts.IgnoreQueryFilters().SingleAsync())).Phone.ShouldBe("+15550102000");
        var inbox = await admin.Client.GetFromJsonAsync<Json.Page<InboxRow>>("/api/v1/conversations");
        inbox!.Items.Single().LastMessagePreview.ShouldBe("Is my order shipped?");
    }

    [ProviderFact]
    public async Task A_bad_or_missing_signature_is_refused_with_403_and_nothing_is_stored(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await ChannelIdAsync(await CreateSmsChannelAsync(admin));
        using var stranger = app.NewClient();
        var form = Inbound("SM0002", "+15550102000", "Hello");
        var before = await app.SnapshotAsync();

        using var unsigned = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/twilio/{channelId}") { Content = new FormUrlEncodedContent(form) };
        await (await stranger.SendAsync(unsigned)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/twilio/{channelId}") { Content = new FormUrlEncodedContent(form) };
        forged.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute($"https://localhost/webhooks/twilio/{channelId}", form, "another-token"));
        await (await stranger.SendAsync(forged)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var tampered = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/twilio/{channelId}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["Body"] = "Send me a refund" }),
        };
        tampered.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute($"https://localhost/webhooks/twilio/{channelId}", form, AuthToken));
        await (await stranger.SendAsync(tampered)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Behind_a_proxy_the_signature_is_checked_against_the_public_url(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:PublicBaseUrl"] = "https://help.acme.test/" });
        var admin = await app.SetUpAsync();
        var channelId = await ChannelIdAsync(await CreateSmsChannelAsync(admin));
        using var twilio = app.NewClient();

        var internalUrl = await PostSignedAsync(twilio, channelId, Inbound("SM0003", "+15550102000", "Hi"), "https://localhost");
        internalUrl.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var publicUrl = await PostSignedAsync(twilio, channelId, Inbound("SM0003", "+15550102000", "Hi"), "https://help.acme.test");
        publicUrl.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().CountAsync())).ShouldBe(1);
    }

    [ProviderFact]
    public async Task A_signed_but_malformed_sms_is_a_400_naming_the_field_and_stores_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await ChannelIdAsync(await CreateSmsChannelAsync(admin));
        using var twilio = app.NewClient();
        var before = await app.SnapshotAsync();

        await (await PostSignedAsync(twilio, channelId, Inbound("SM0004", "not a number", "Hi"))).ShouldBeValidationProblemAsync("From");
        await (await PostSignedAsync(twilio, channelId, Inbound("", "+15550102000", "Hi"))).ShouldBeValidationProblemAsync("MessageSid");

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Stop_by_sms_opts_the_contact_out(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await ChannelIdAsync(await CreateSmsChannelAsync(admin));
        using var twilio = app.NewClient();

        (await PostSignedAsync(twilio, channelId, Inbound("SM0005", "+15550102000", "STOP"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.QueryAsync(d => d.Contacts.IgnoreQueryFilters().SingleAsync())).OptedOut.ShouldBeTrue();
    }

    private sealed record InboxRow(Guid Id, string? LastMessagePreview);

    private static Task<HttpResponseMessage> CreateSmsChannelAsync(Actor admin) =>
        admin.Client.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "sms",
            name = "Support SMS",
            phoneNumber = "+15550100000",
            settings = new { accountSid = "AC0123456789abcdef0123456789abcdef", authToken = AuthToken, baseUrl = "http://127.0.0.1:9000" },
        });

    private static async Task<Guid> ChannelIdAsync(HttpResponseMessage created)
    {
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<Json.Channel>())!.Id;
    }

    private static Dictionary<string, string> Inbound(string sid, string from, string body) => new()
    {
        ["MessageSid"] = sid,
        ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["From"] = from,
        ["To"] = "+15550100000",
        ["Body"] = body,
        ["NumMedia"] = "0",
    };

    private static async Task<HttpResponseMessage> PostSignedAsync(HttpClient client, Guid channelId, Dictionary<string, string> form, string signedFor = "https://localhost")
    {
        return await client.PostTwilioAsync($"/webhooks/twilio/{channelId}", form, AuthToken, signedFor);
    }
}
