using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Channels;
using Parley.Tests.Channels;
using Parley.Tests.Infrastructure;
using Parley.Tests.Simulator;

namespace Parley.Tests.Attachments;

/// <summary>Files on replies reach the providers as URLs they fetch from Parley, in each provider's format.</summary>
public sealed class OutboundMediaTests
{
    private const string AuthToken = "twilio-auth-token-0123456789";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AppSecret = "meta-app-secret";

    private sealed record Sent(string Provider, string Id, string Type, string? Body, List<string> MediaUrls, JsonObject? Payload);

    [ProviderFact]
    public async Task An_sms_reply_sends_each_file_as_a_media_url_that_only_the_key_opens_and_only_for_a_week(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateChannelAsync(admin, new { type = "sms", name = "SMS", phoneNumber = "+15550100000",
            settings = new { accountSid = AccountSid, authToken = AuthToken, baseUrl = simulator.Client.BaseAddress!.ToString() } });
        using var provider = app.NewClient();
        (await provider.PostTwilioAsync($"/webhooks/twilio/{channelId}", new Dictionary<string, string>
            { ["MessageSid"] = "SMin1", ["From"] = "+15550102000", ["To"] = "+15550100000", ["Body"] = "Photo of the label?", ["AccountSid"] = AccountSid }, AuthToken))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var conversationId = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
        var label = Files.Png(3_000);
        var first = await admin.Client.UploadedAsync(label, "image/png", "label.png");
        var second = await admin.Client.UploadedAsync(Files.Pdf(), "application/pdf", "receipt.pdf");

        (await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "Here you go", attachmentIds = new[] { first.Id, second.Id } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await app.Services.GetRequiredService<OutboundDelivery>().SendDueAsync(CancellationToken.None)).ShouldBe(1);

        var sent = (await simulator.Client.GetFromJsonAsync<List<Sent>>("/_sim/messages"))!.Single();
        sent.Body.ShouldBe("Here you go");
        sent.MediaUrls.Count.ShouldBe(2);
        var path = new Uri(sent.MediaUrls[0]).AbsolutePath;
        path.ShouldStartWith($"/media/{first.Id}/");
        // The provider fetches it without a session: the key in the URL is the credential.
        using (var fetched = await provider.GetAsync(path))
        {
            fetched.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await fetched.Content.ReadAsByteArrayAsync()).ShouldBe(label);
        }
        (await provider.GetAsync($"/media/{first.Id}/not-the-key")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await provider.GetAsync(new Uri(sent.MediaUrls[1]).AbsolutePath)).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        (await provider.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task A_whatsapp_reply_sends_one_file_as_a_media_message_with_its_caption(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateChannelAsync(admin, new { type = "whatsapp", name = "WhatsApp", phoneNumber = "+15550100001",
            settings = new { phoneNumberId = "106540352242922", accessToken = "EAAG-token", appSecret = AppSecret, verifyToken = "v", baseUrl = simulator.Client.BaseAddress!.ToString(), apiVersion = "v21.0" } });
        using var meta = app.NewClient();
        var body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
            + "\"metadata\":{\"display_phone_number\":\"15550100001\",\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Maria\"},\"wa_id\":\"15550102000\"}],"
            + "\"messages\":[{\"from\":\"15550102000\",\"id\":\"wamid.in1\",\"type\":\"text\",\"text\":{\"body\":\"Send me the manual\"}}]}}]}]}";
        (await meta.PostMetaAsync(channelId, body, AppSecret)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var conversationId = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
        var manual = await admin.Client.UploadedAsync(Files.Pdf(4_000), "application/pdf", "Manual v2.pdf");
        var extra = await admin.Client.UploadedAsync(Files.Png());
        var voice = await admin.Client.UploadedAsync("OggS-voice-note"u8.ToArray(), "audio/ogg", "note.ogg");
        var before = await app.SnapshotAsync();

        // WhatsApp carries one file per message, and audio without a caption.
        await (await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "Both", attachmentIds = new[] { manual.Id, extra.Id } }))
            .ShouldBeValidationProblemAsync("attachmentIds");
        await (await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "Listen", attachmentIds = new[] { voice.Id } }))
            .ShouldBeValidationProblemAsync("text");
        (await app.SnapshotAsync()).ShouldBe(before);

        (await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "The manual", attachmentIds = new[] { manual.Id } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await app.Services.GetRequiredService<OutboundDelivery>().SendDueAsync(CancellationToken.None)).ShouldBe(1);

        var sent = (await simulator.Client.GetFromJsonAsync<List<Sent>>("/_sim/messages"))!.Single();
        var payload = sent.Payload!;
        ((string?)payload["type"]).ShouldBe("document");
        ((string?)payload["document"]!["caption"]).ShouldBe("The manual");
        ((string?)payload["document"]!["filename"]).ShouldBe("Manual v2.pdf");
        var link = new Uri((string)payload["document"]!["link"]!);
        link.AbsolutePath.ShouldStartWith($"/media/{manual.Id}/");
        (await meta.GetByteArrayAsync(link.AbsolutePath)).Length.ShouldBe(4_000);
    }

    private static async Task<Guid> CreateChannelAsync(Actor admin, object body)
    {
        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", body);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<Json.Channel>())!.Id;
    }
}
