using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Channels;
using Parley.Tests.Infrastructure;
using Parley.Tests.Simulator;

namespace Parley.Tests.Conversations;

/// <summary>
/// A conversation shows its channel's type and, on WhatsApp, the customer care window: the same rule
/// that refuses a free-form reply once 24 hours have passed since the customer's last message.
/// </summary>
public sealed class CareWindowTests
{
    private const string AppSecret = "app-secret";
    private sealed record Window(bool Open, DateTime? ClosesAt);

    [ProviderFact]
    public async Task A_whatsapp_conversation_shows_its_window_open_until_24_hours_after_the_customers_last_message(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateWhatsAppChannelAsync(admin, simulator);
        // A token, not the session: the session would expire while the clock moves on by days.
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "desk" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.IssuedToken>();
        using var agent = app.NewClient(token!.Token!);
        await CustomerWritesAsync(app, channelId, "wamid.in1");
        var id = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
        var wrote = app.Now();

        var opened = await DetailAsync(agent, id);
        opened.GetProperty("channelType").GetString().ShouldBe("WhatsApp");
        WindowOf(opened).ShouldBe(new Window(true, wrote.AddHours(24)));

        app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        WindowOf(await DetailAsync(agent, id)).ShouldBe(new Window(true, wrote.AddHours(24)));
        (await agent.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = "Still in time" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        WindowOf(await DetailAsync(agent, id)).ShouldBe(new Window(false, wrote.AddHours(24)));
        // What the banner says is what the server enforces: the free-form reply is refused now.
        await (await agent.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = "Too late" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        app.Clock.Advance(TimeSpan.FromDays(3));
        await CustomerWritesAsync(app, channelId, "wamid.in2");
        WindowOf(await DetailAsync(agent, id)).ShouldBe(new Window(true, app.Now().AddHours(24)));
    }

    [ProviderFact]
    public async Task A_whatsapp_conversation_the_customer_never_wrote_in_shows_a_closed_window_without_a_closing_time(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateWhatsAppChannelAsync(admin, simulator);
        var template = await (await admin.Client.PostAsJsonAsync("/api/v1/templates",
                new { kind = "WhatsApp", name = "order_shipped", text = "Hi {{1}}, order {{2}} is on its way.", language = "en_US", parameters = 2, channelId }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var maria = await (await admin.Client.PostAsJsonAsync("/api/v1/contacts", new { name = "Maria", phone = "+15550102000" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Parley.Contacts.ContactResponse>();

        var started = await admin.Client.PostAsJsonAsync("/api/v1/conversations",
            new { contactId = maria!.Id, channelId, templateId = template.GetProperty("id").GetGuid(), parameters = new[] { "Maria", "4471" } });

        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var detail = await started.Content.ReadFromJsonAsync<JsonElement>();
        detail.GetProperty("channelType").GetString().ShouldBe("WhatsApp");
        WindowOf(detail).ShouldBe(new Window(false, null));
        WindowOf(await DetailAsync(admin, detail.GetProperty("id").GetGuid())).ShouldBe(new Window(false, null));
    }

    [ProviderFact]
    public async Task A_channel_without_a_care_window_shows_none(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = (await f.DeliverAsync(f.NewPhone())).ConversationId;

        var detail = await DetailAsync(f.Agent, id);

        detail.GetProperty("channelType").GetString().ShouldBe("Api");
        detail.GetProperty("careWindow").ValueKind.ShouldBe(JsonValueKind.Null);
        var resolved = await (await f.Agent.Client.PostAsync($"/api/v1/conversations/{id}/resolve", null)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        resolved.GetProperty("channelType").GetString().ShouldBe("Api");
        resolved.GetProperty("careWindow").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private static Task<JsonElement> DetailAsync(Actor actor, Guid id) => DetailAsync(actor.Client, id);

    private static async Task<JsonElement> DetailAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/conversations/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Window? WindowOf(JsonElement detail) =>
        detail.GetProperty("careWindow").Deserialize<Window>(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static async Task<Guid> CreateWhatsAppChannelAsync(Actor admin, RunningSimulator simulator)
    {
        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "whatsapp", name = "WhatsApp", phoneNumber = "+15550100001",
            settings = new { phoneNumberId = "106540352242922", accessToken = "EAAG", appSecret = AppSecret, verifyToken = "v", baseUrl = simulator.Client.BaseAddress!.ToString(), apiVersion = "v21.0" },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<Json.Channel>())!.Id;
    }

    private static async Task CustomerWritesAsync(ParleyApp app, Guid channelId, string messageId)
    {
        var body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
            + "\"metadata\":{\"display_phone_number\":\"15550100001\",\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Maria\"},\"wa_id\":\"15550102000\"}],"
            + "\"messages\":[{\"from\":\"15550102000\",\"id\":\"" + messageId + "\",\"timestamp\":\"1793600000\",\"type\":\"text\",\"text\":{\"body\":\"Hi\"}}]}}]}]}";
        using var meta = app.NewClient();
        (await meta.PostMetaAsync(channelId, body, AppSecret)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
