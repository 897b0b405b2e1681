using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Channels;
using Parley.Channels.WhatsApp;
using Parley.Tests.Infrastructure;
using Parley.Tests.Simulator;

namespace Parley.Tests.Channels;

public sealed class TemplateSendingTests
{
    private const string AppSecret = "app-secret";

    [ProviderFact]
    public async Task Outside_the_care_window_a_registered_whatsapp_template_still_goes_out_as_a_template(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateWhatsAppChannelAsync(admin, simulator);
        var template = await CreateTemplateAsync(admin, new { kind = "WhatsApp", name = "order_shipped", text = "Hi {{1}}, order {{2}} is on its way.", language = "en_US", parameters = 2, channelId });
        var conversationId = await CustomerWritesAsync(app, channelId);
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "desk" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
        using var agent = app.NewClient(token!.Token!);
        app.Clock.Advance(TimeSpan.FromHours(25));

        await (await agent.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "Free text" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await agent.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { templateId = template, parameters = new[] { "Maria" } }))
            .ShouldBeValidationProblemAsync("parameters");
        var sent = await agent.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { templateId = template, parameters = new[] { "Maria", "4471" } });

        sent.StatusCode.ShouldBe(HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        (await sent.Content.ReadFromJsonAsync<Json.Posted>())!.Message.Text.ShouldBe("Hi Maria, order 4471 is on its way.");
        (await app.Services.GetRequiredService<OutboundDelivery>().SendDueAsync(CancellationToken.None)).ShouldBe(1);
        var recorded = (await simulator.Client.GetFromJsonAsync<JsonElement>("/_sim/messages")).EnumerateArray().Single();
        recorded.GetProperty("type").GetString().ShouldBe("template");
        var wire = recorded.GetProperty("template");
        wire.GetProperty("name").GetString().ShouldBe("order_shipped");
        wire.GetProperty("language").GetProperty("code").GetString().ShouldBe("en_US");
        wire.GetProperty("components")[0].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("text").GetString()).ShouldBe(["Maria", "4471"]);
    }

    [ProviderFact]
    public async Task A_conversation_template_is_filled_with_the_contacts_and_agents_details(string db)
    {
        await using var fixture = await Conversations.ConversationFixture.StartAsync(db);
        var template = await CreateTemplateAsync(fixture.Admin, new { kind = "Conversation", name = "Greeting", text = "Hello {{contact.name}}, this is {{agent.name}} from {{organization.name}}." });
        var conversation = await fixture.DeliverAsync(fixture.NewPhone());

        var posted = await fixture.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{conversation.ConversationId}/messages", new { templateId = template });

        posted.StatusCode.ShouldBe(HttpStatusCode.Created, await posted.Content.ReadAsStringAsync());
        var contactName = await fixture.App.QueryAsync(d => d.Contacts.IgnoreQueryFilters().Where(c => c.Id == conversation.ContactId).Select(c => c.Name).SingleAsync());
        (await posted.Content.ReadFromJsonAsync<Json.Posted>())!.Message.Text.ShouldBe($"Hello {contactName}, this is Bo Agent from Acme.");
        await (await fixture.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{conversation.ConversationId}/messages", new { templateId = Guid.NewGuid() }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task A_whatsapp_conversation_starts_with_a_template_queued_and_sent_exactly_as_a_broadcast_sends_it(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateWhatsAppChannelAsync(admin, simulator);
        var template = await CreateTemplateAsync(admin, new { kind = "WhatsApp", name = "order_shipped", text = "Hi {{1}}, order {{2}} is on its way.", language = "en_US", parameters = 2, channelId });
        var maria = await CreateContactAsync(admin, "Maria", "+15550102000");
        var omar = await CreateContactAsync(admin, "Omar", "+15550102001");

        // No customer message yet: the care window is closed, and the refusal says a template is needed.
        var refused = await (await admin.Client.PostAsJsonAsync("/api/v1/conversations", new { contactId = maria, channelId, text = "Hello Maria" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.Detail.ShouldNotBeNull().ShouldContain("templateId");
        var started = await admin.Client.PostAsJsonAsync("/api/v1/conversations", new { contactId = maria, channelId, templateId = template, parameters = new[] { "Maria", "4471" } });
        var broadcast = await admin.Client.PostAsJsonAsync("/api/v1/broadcasts", new { channelId, templateId = template, contactIds = new[] { omar }, parameters = new[] { "Maria", "4471" } });

        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var conversation = await started.Content.ReadFromJsonAsync<JsonElement>();
        conversation.GetProperty("status").GetString().ShouldBe("Sent");
        broadcast.StatusCode.ShouldBe(HttpStatusCode.OK, await broadcast.Content.ReadAsStringAsync());
        var conversationId = conversation.GetProperty("id").GetGuid();
        var messages = await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().AsNoTracking().OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());
        messages.Count.ShouldBe(2);
        var (mine, broadcasted) = (messages.Single(m => m.ConversationId == conversationId), messages.Single(m => m.ConversationId != conversationId));
        (mine.Text, mine.TemplateName, mine.TemplateLanguage, mine.TemplateParameters, mine.DeliveryStatus)
            .ShouldBe((broadcasted.Text, broadcasted.TemplateName, broadcasted.TemplateLanguage, broadcasted.TemplateParameters, broadcasted.DeliveryStatus));
        (mine.Text, mine.TemplateName, mine.TemplateLanguage).ShouldBe(("Hi Maria, order 4471 is on its way.", "order_shipped", "en_US"));
        var listed = await admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{conversationId}/messages");
        listed.GetProperty("items").EnumerateArray().Single().GetProperty("text").GetString().ShouldBe("Hi Maria, order 4471 is on its way.");

        (await app.Services.GetRequiredService<OutboundDelivery>().SendDueAsync(CancellationToken.None)).ShouldBe(2);
        var wire = (await simulator.Client.GetFromJsonAsync<JsonElement>("/_sim/messages")).EnumerateArray().ToList();
        wire.Count.ShouldBe(2);
        foreach (var recorded in wire)
        {
            recorded.GetProperty("type").GetString().ShouldBe("template");
            var sent = recorded.GetProperty("template");
            sent.GetProperty("name").GetString().ShouldBe("order_shipped");
            sent.GetProperty("language").GetProperty("code").GetString().ShouldBe("en_US");
            sent.GetProperty("components")[0].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("text").GetString()).ShouldBe(["Maria", "4471"]);
        }
        (await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().SingleAsync(m => m.Id == mine.Id))).ExternalMessageId.ShouldNotBeNull();
    }

    [ProviderFact]
    public async Task Starting_a_conversation_with_a_wrong_template_is_refused_naming_the_field_and_changes_nothing(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" });
        var admin = await app.SetUpAsync();
        var channelId = await CreateWhatsAppChannelAsync(admin, simulator);
        var registered = await CreateTemplateAsync(admin, new { kind = "WhatsApp", name = "order_shipped", text = "Hi {{1}}, order {{2}} is on its way.", language = "en_US", parameters = 2, channelId });
        var canned = await CreateTemplateAsync(admin, new { kind = "Conversation", name = "Greeting", text = "Hello {{contact.name}}" });
        var maria = await CreateContactAsync(admin, "Maria", "+15550102000");
        var otherAdmin = await app.SignUpAsync("Globex", "hank@globex.test");
        var theirs = await CreateTemplateAsync(otherAdmin, new { kind = "WhatsApp", name = "order_shipped", text = "Hi {{1}}", language = "en_US", parameters = 1 });
        var before = await app.SnapshotAsync();
        Task<HttpResponseMessage> StartAsync(object body) => admin.Client.PostAsJsonAsync("/api/v1/conversations", body);

        await (await StartAsync(new { contactId = maria, channelId, text = "Hello", templateId = registered, parameters = new[] { "a", "b" } })).ShouldBeValidationProblemAsync("templateId", "text");
        await (await StartAsync(new { contactId = maria, channelId, templateId = canned })).ShouldBeValidationProblemAsync("templateId");
        await (await StartAsync(new { contactId = maria, channelId, templateId = registered, parameters = new[] { "Maria" } })).ShouldBeValidationProblemAsync("parameters");
        await (await StartAsync(new { contactId = maria, channelId, text = "Hello", parameters = new[] { "Maria" } })).ShouldBeValidationProblemAsync("parameters");
        await (await StartAsync(new { contactId = maria, channelId, templateId = Guid.NewGuid() })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await StartAsync(new { contactId = maria, channelId, templateId = theirs, parameters = new[] { "Maria" } })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    private static async Task<Guid> CreateContactAsync(Actor admin, string name, string phone)
    {
        var created = await admin.Client.PostAsJsonAsync("/api/v1/contacts", new { name, phone });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

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

    private static async Task<Guid> CreateTemplateAsync(Actor admin, object body)
    {
        var created = await admin.Client.PostAsJsonAsync("/api/v1/templates", body);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> CustomerWritesAsync(ParleyApp app, Guid channelId)
    {
        var body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
            + "\"metadata\":{\"display_phone_number\":\"15550100001\",\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Maria\"},\"wa_id\":\"15550102000\"}],"
            + "\"messages\":[{\"from\":\"15550102000\",\"id\":\"wamid.in1\",\"timestamp\":\"1793600000\",\"type\":\"text\",\"text\":{\"body\":\"Hi\"}}]}}]}]}";
        using var meta = app.NewClient();
        (await meta.PostMetaAsync(channelId, body, AppSecret)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
    }
}
