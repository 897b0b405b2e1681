using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Parley.Channels.WhatsApp;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Channels;

public sealed class WhatsAppWebhookTests
{
    private const string AppSecret = "meta-app-secret-42";
    private const string VerifyToken = "verify-me-please";

    [Fact]
    public void The_signature_is_sha256_hex_of_the_raw_body_keyed_with_the_app_secret()
    {
        // Computed independently (Python hmac) for this exact body.
        var body = Encoding.UTF8.GetBytes("{\"object\":\"whatsapp_business_account\",\"entry\":[]}");

        MetaSignature.Compute(body, "app-secret").ShouldBe("sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f");
        MetaSignature.IsValid(body, "app-secret", "sha256=D3E4F9DA0CE6C71AB3DBA55929B8EEEEE2455349E534924EAD19F98D143E904F").ShouldBeTrue();
        MetaSignature.IsValid(body, "other-secret", "sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f").ShouldBeFalse();
    }

    [ProviderFact]
    public async Task The_verification_handshake_echoes_the_challenge_only_for_the_right_token(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var channelId = await CreateWhatsAppChannelAsync(await app.SetUpAsync());
        using var meta = app.NewClient();

        var ok = await meta.GetAsync($"/webhooks/whatsapp/{channelId}?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1158201444");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.Content.ReadAsStringAsync()).ShouldBe("1158201444");
        await (await meta.GetAsync($"/webhooks/whatsapp/{channelId}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [ProviderFact]
    public async Task A_signed_text_message_becomes_a_conversation_with_the_profile_name_once_however_often_meta_retries(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateWhatsAppChannelAsync(admin);
        using var meta = app.NewClient();
        var body = Notification("wamid.HBgL1", "15550102000", "Maria Lopez", """{"type":"text","text":{"body":"Do you ship to Lisbon?"}}""");

        (await PostSignedAsync(meta, channelId, body)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostSignedAsync(meta, channelId, body)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var message = await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().SingleAsync());
        (message.ExternalMessageId, message.Text).ShouldBe(("wamid.HBgL1", "Do you ship to Lisbon?"));
        var contact = await app.QueryAsync(d => d.Contacts.IgnoreQueryFilters().SingleAsync());
        (contact.Name, contact.Phone).ShouldBe(("Maria Lopez", "+15550102000"));
    }

    [ProviderFact]
    public async Task Media_is_queued_as_an_attachment_with_its_caption_as_text_and_location_and_reactions_read_as_placeholders(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var channelId = await CreateWhatsAppChannelAsync(await app.SetUpAsync());
        using var meta = app.NewClient();

        await PostSignedAsync(meta, channelId, Notification("wamid.1", "15550102000", "Maria", """{"type":"image","image":{"id":"media-1","mime_type":"image/jpeg","caption":"The broken part"}}"""));
        await PostSignedAsync(meta, channelId, Notification("wamid.2", "15550102000", "Maria", """{"type":"location","location":{"latitude":38.72,"longitude":-9.14,"name":"Lisbon"}}"""));
        await PostSignedAsync(meta, channelId, Notification("wamid.3", "15550102000", "Maria", """{"type":"reaction","reaction":{"message_id":"wamid.0","emoji":"👍"}}"""));

        (await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().OrderBy(m => m.ExternalMessageId).Select(m => m.Text).ToListAsync()))
            .ShouldBe(["The broken part", "[location: 38.72, -9.14 Lisbon]", "[reaction: 👍]"]);
        // The picture waits for the download worker, which asks Meta for media-1 with the channel's token.
        var attachment = await app.QueryAsync(d => d.Attachments.IgnoreQueryFilters().SingleAsync());
        (attachment.ProviderMedia, attachment.ContentType, attachment.Status).ShouldBe(("media-1", "image/jpeg", Parley.Attachments.AttachmentStatus.Pending));
        attachment.MessageId.ShouldBe(await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().Where(m => m.ExternalMessageId == "wamid.1").Select(m => (Guid?)m.Id).SingleAsync()));
    }

    [ProviderFact]
    public async Task A_bad_signature_is_403_and_a_signed_malformed_body_is_400_and_neither_stores_anything(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var channelId = await CreateWhatsAppChannelAsync(await app.SetUpAsync());
        using var meta = app.NewClient();
        var before = await app.SnapshotAsync();
        var body = Notification("wamid.9", "15550102000", "Maria", """{"type":"text","text":{"body":"Hi"}}""");

        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/whatsapp/{channelId}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        forged.Headers.Add("X-Hub-Signature-256", MetaSignature.Compute(Encoding.UTF8.GetBytes(body), "not-the-secret"));
        await (await meta.SendAsync(forged)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/whatsapp/{channelId}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        await (await meta.SendAsync(unsigned)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await PostSignedAsync(meta, channelId, "{\"object\":\"page\"}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await PostSignedAsync(meta, channelId, "not json")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task A_free_form_reply_is_refused_once_the_24_hour_care_window_has_closed(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateWhatsAppChannelAsync(admin);
        using var meta = app.NewClient();
        await PostSignedAsync(meta, channelId, Notification("wamid.10", "15550102000", "Maria", """{"type":"text","text":{"body":"Hello"}}"""));
        var conversationId = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
        // A day outlasts a cookie session (12 h); an API token does not expire.
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "desk" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
        using var agent = app.NewClient(token!.Token!);

        app.Clock.Advance(TimeSpan.FromHours(23).Add(TimeSpan.FromMinutes(59)));
        (await agent.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "Within the window" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        // The token's last-use stamp is authentication's bookkeeping, not a change the refusal made.
        async Task<string> RowsAsync() => string.Join('\n', (await app.SnapshotAsync()).Split('\n').Where(l => !l.StartsWith("api_tokens: ", StringComparison.Ordinal)));
        var before = await RowsAsync();
        var late = await agent.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "Too late" });
        var problem = await late.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Detail.ShouldNotBeNull().ShouldContain("template");
        (await RowsAsync()).ShouldBe(before);
        // Notes never leave Parley, so the window does not apply to them.
        (await agent.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "Call her instead", kind = "note" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static async Task<Guid> CreateWhatsAppChannelAsync(Actor admin)
    {
        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "whatsapp",
            name = "WhatsApp",
            phoneNumber = "+15550100001",
            settings = new { phoneNumberId = "106540352242922", accessToken = "EAAG-access", appSecret = AppSecret, verifyToken = VerifyToken, baseUrl = "http://127.0.0.1:9000", apiVersion = "v21.0" },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var text = await created.Content.ReadAsStringAsync();
        text.ShouldNotContain(AppSecret);
        text.ShouldNotContain(VerifyToken);
        return (await created.Content.ReadFromJsonAsync<Json.Channel>())!.Id;
    }

    private static string Notification(string id, string from, string name, string messageFields) =>
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"field\":\"messages\",\"value\":{"
        + "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550100001\",\"phone_number_id\":\"106540352242922\"},"
        + $"\"contacts\":[{{\"profile\":{{\"name\":\"{name}\"}},\"wa_id\":\"{from}\"}}],"
        + $"\"messages\":[{{\"from\":\"{from}\",\"id\":\"{id}\",\"timestamp\":\"1793600000\"," + messageFields.TrimStart('{')
        + "]}}]}]}";

    private static Task<HttpResponseMessage> PostSignedAsync(HttpClient client, Guid channelId, string body) =>
        client.PostMetaAsync(channelId, body, AppSecret);
}
