using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Audit;
using Parley.Channels;
using Parley.Channels.Sms;
using Parley.Conversations;
using Parley.Tests.Infrastructure;
using Parley.Tests.Simulator;

namespace Parley.Tests.Channels;

/// <summary>Queued replies go out through the provider simulator, speaking Twilio's and Meta's wire formats.</summary>
public sealed class OutboundDeliveryTests
{
    private const string AuthToken = "twilio-auth-token-0123456789";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    private sealed record Sent(string Provider, string Id, string To, string From, string? Body);

    [ProviderFact]
    public async Task A_reply_on_an_sms_channel_goes_out_through_twilio_and_keeps_twilios_message_id(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var (admin, conversationId) = await SmsConversationAsync(app, simulator);
        var messageId = await ReplyAsync(admin, conversationId, "Your parcel left today.");

        (await SendDueAsync(app)).ShouldBe(1);

        var sent = (await simulator.Client.GetFromJsonAsync<List<Sent>>("/_sim/messages"))!.Single();
        (sent.Provider, sent.To, sent.From, sent.Body).ShouldBe(("twilio", "+15550102000", "+15550100000", "Your parcel left today."));
        var row = await MessageAsync(app, messageId);
        (row.ExternalMessageId, row.DeliveryStatus).ShouldBe((sent.Id, DeliveryStatus.Queued));
        (await SendDueAsync(app)).ShouldBe(0);
        (await simulator.Client.GetFromJsonAsync<List<Sent>>("/_sim/messages"))!.Count.ShouldBe(1);
    }

    [ProviderFact]
    public async Task A_provider_5xx_is_retried_after_a_back_off_and_a_4xx_fails_the_message_with_its_reason(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var (admin, conversationId) = await SmsConversationAsync(app, simulator);
        var retried = await ReplyAsync(admin, conversationId, "First try");
        (await simulator.Client.PostAsJsonAsync("/_sim/fail", new { provider = "twilio", count = 1, status = 503 })).EnsureSuccessStatusCode();

        await SendDueAsync(app);

        var waiting = await MessageAsync(app, retried);
        (waiting.DeliveryStatus, waiting.SendAttempts, waiting.ExternalMessageId).ShouldBe((DeliveryStatus.Queued, 1, (string?)null));
        waiting.NextAttemptAt.ShouldBe(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(10));
        (await SendDueAsync(app)).ShouldBe(0);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        (await SendDueAsync(app)).ShouldBe(1);
        (await MessageAsync(app, retried)).ExternalMessageId.ShouldNotBeNull();

        var refused = await ReplyAsync(admin, conversationId, "Second message");
        (await simulator.Client.PostAsJsonAsync("/_sim/fail", new { provider = "twilio", count = 1, status = 400, code = 21610, message = "Attempt to send to unsubscribed recipient" })).EnsureSuccessStatusCode();
        await SendDueAsync(app);

        var failed = await MessageAsync(app, refused);
        failed.DeliveryStatus.ShouldBe(DeliveryStatus.Failed);
        failed.DeliveryError.ShouldNotBeNull().ShouldContain("21610");
        var events = await app.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().Where(e => e.Type == ConversationEventType.DeliveryFailed).ToListAsync());
        events.Single().Payload.ShouldNotBeNull().ShouldContain(refused.ToString());
    }

    [ProviderFact]
    public async Task Nothing_is_sent_to_a_contact_who_opted_out_after_the_reply_was_queued(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var (admin, conversationId) = await SmsConversationAsync(app, simulator);
        var messageId = await ReplyAsync(admin, conversationId, "A special offer");
        using var twilio = app.NewClient();
        await PostInboundAsync(twilio, await ChannelIdAsync(app), "SMstop", "STOP");

        await SendDueAsync(app);

        (await simulator.Client.GetFromJsonAsync<List<Sent>>("/_sim/messages"))!.ShouldBeEmpty();
        var row = await MessageAsync(app, messageId);
        row.DeliveryStatus.ShouldBe(DeliveryStatus.Failed);
        row.DeliveryError.ShouldNotBeNull().ShouldContain("opted out");
    }

    [ProviderFact]
    public async Task A_reply_on_a_whatsapp_channel_goes_out_through_the_cloud_api(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "whatsapp", name = "WhatsApp", phoneNumber = "+15550100001",
            settings = new { phoneNumberId = "106540352242922", accessToken = "EAAG-token", appSecret = "app-secret", verifyToken = "v", baseUrl = simulator.Client.BaseAddress!.ToString(), apiVersion = "v21.0" },
        });
        var channelId = (await created.Content.ReadFromJsonAsync<Json.Channel>())!.Id;
        // Outside the care window the business may not start with free text (templates only)…
        var contact = await (await admin.Client.PostAsJsonAsync("/api/v1/contacts", new { name = "Maria", phone = "+15550102000" })).Content.ReadFromJsonAsync<Parley.Contacts.ContactResponse>();
        await (await admin.Client.PostAsJsonAsync("/api/v1/conversations", new { contactId = contact!.Id, channelId, text = "Hello Maria" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        // …so the customer writes first, through Meta's signed webhook, and the agent answers.
        var body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
            + "\"metadata\":{\"display_phone_number\":\"15550100001\",\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Maria\"},\"wa_id\":\"15550102000\"}],"
            + "\"messages\":[{\"from\":\"15550102000\",\"id\":\"wamid.in1\",\"timestamp\":\"1793600000\",\"type\":\"text\",\"text\":{\"body\":\"Hi\"}}]}}]}]}";
        using var meta = app.NewClient();
        using (var inbound = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/whatsapp/{channelId}") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") })
        {
            inbound.Headers.Add("X-Hub-Signature-256", Parley.Channels.WhatsApp.MetaSignature.Compute(System.Text.Encoding.UTF8.GetBytes(body), "app-secret"));
            (await meta.SendAsync(inbound)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var conversationId = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
        var replyId = await ReplyAsync(admin, conversationId, "Hello Maria");

        (await SendDueAsync(app)).ShouldBe(1);

        var sent = (await simulator.Client.GetFromJsonAsync<List<Sent>>("/_sim/messages"))!.Single();
        (sent.Provider, sent.To, sent.Body).ShouldBe(("whatsapp", "15550102000", "Hello Maria"));
        (await MessageAsync(app, replyId)).ExternalMessageId.ShouldBe(sent.Id);
    }

    private static async Task<int> SendDueAsync(ParleyApp app) =>
        await app.Services.GetRequiredService<OutboundDelivery>().SendDueAsync(CancellationToken.None);

    private static async Task<(Actor Admin, Guid ConversationId)> SmsConversationAsync(ParleyApp app, RunningSimulator simulator)
    {
        var admin = await app.SetUpAsync();
        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "sms", name = "SMS", phoneNumber = "+15550100000",
            settings = new { accountSid = AccountSid, authToken = AuthToken, baseUrl = simulator.Client.BaseAddress!.ToString() },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        using var twilio = app.NewClient();
        await PostInboundAsync(twilio, (await created.Content.ReadFromJsonAsync<Json.Channel>())!.Id, "SMin1", "Where is my parcel?");
        return (admin, await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync()));
    }

    private static Task<Guid> ChannelIdAsync(ParleyApp app) => app.QueryAsync(d => d.Channels.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());

    private static async Task PostInboundAsync(HttpClient client, Guid channelId, string sid, string body)
    {
        var form = new Dictionary<string, string> { ["MessageSid"] = sid, ["From"] = "+15550102000", ["To"] = "+15550100000", ["Body"] = body, ["AccountSid"] = AccountSid };
        (await client.PostTwilioAsync($"/webhooks/twilio/{channelId}", form, AuthToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<Guid> ReplyAsync(Actor admin, Guid conversationId, string text)
    {
        var response = await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Json.Posted>())!.Message.Id;
    }

    private static Task<Message> MessageAsync(ParleyApp app, Guid id) =>
        app.QueryAsync(d => d.Messages.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == id));
}
