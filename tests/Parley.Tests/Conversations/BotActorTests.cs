using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>
/// A bot works through an integration token: what it does is recorded as the bot's, not a person's.
/// A person's own (personal) token acts as that person.
/// </summary>
public sealed class BotActorTests
{
    private sealed record EventJson(Guid Id, string Type, string ActorType, Guid? ActorUserId, ActorTokenJson? ActorToken);

    private sealed record ActorTokenJson(Guid Id, string Name);

    [ProviderFact]
    public async Task A_bot_opens_an_automated_conversation_and_resolves_it_itself(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Help bot" })).Content.ReadFromJsonAsync<Json.Channel>();
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "bot", kind = "Integration" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
        using var bot = app.NewClient(token!.Token!);

        var opened = await (await bot.PostAsJsonAsync($"/api/v1/channels/{channel!.Id}/inbound",
            new { contact = new { name = "Ines" }, text = "Where is my parcel?", externalMessageId = "m1", automated = true })).Content.ReadFromJsonAsync<Json.Inbound>();
        opened!.Status.ShouldBe("Automated");
        var reply = await bot.PostAsJsonAsync($"/api/v1/conversations/{opened.ConversationId}/messages", new { text = "It left our warehouse today." });
        reply.StatusCode.ShouldBe(HttpStatusCode.Created);
        var resolved = await bot.PostAsync($"/api/v1/conversations/{opened.ConversationId}/resolve", null);

        resolved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var events = await app.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().Where(e => e.ConversationId == opened.ConversationId).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync());
        events.Select(e => e.Type).ShouldBe([ConversationEventType.Created, ConversationEventType.BotResolved]);
        events[1].ActorType.ShouldBe(ActorType.Bot);
        // The bot acts for the admin who made its token, and the trail names the token.
        events[1].ActorUserId.ShouldBe(admin.UserId);
        events[1].ActorTokenId.ShouldBe(token.Id);
        events[1].ActorTokenName.ShouldBe("bot");
        events[0].ActorTokenId.ShouldBeNull();
        var listed = (await admin.Client.GetFromJsonAsync<Json.Page<EventJson>>($"/api/v1/conversations/{opened.ConversationId}/events"))!.Items;
        listed.Select(e => (e.Type, e.ActorType, e.ActorUserId, e.ActorToken)).ShouldBe(
            [("Created", "Contact", null, null), ("BotResolved", "Bot", admin.UserId, new ActorTokenJson(token.Id, "bot"))]);
        var conversation = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().SingleAsync(c => c.Id == opened.ConversationId));
        conversation.Status.ShouldBe(ConversationStatus.Resolved);
        // A bot's answer is not an agent's first reply.
        conversation.FirstReplyAt.ShouldBeNull();
        var message = await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().SingleAsync(m => m.ConversationId == opened.ConversationId && m.Direction == MessageDirection.Out));
        message.AuthorType.ShouldBe(ActorType.Bot);
        message.AuthorUserId.ShouldBe(admin.UserId);
    }

    [ProviderFact]
    public async Task A_person_resolving_an_automated_conversation_is_recorded_as_that_person(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Help bot" })).Content.ReadFromJsonAsync<Json.Channel>();
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "bot", kind = "Integration" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
        using var bot = app.NewClient(token!.Token!);
        var opened = await (await bot.PostAsJsonAsync($"/api/v1/channels/{channel!.Id}/inbound",
            new { contact = new { name = "Ines" }, text = "Hello", externalMessageId = "m1", automated = true })).Content.ReadFromJsonAsync<Json.Inbound>();

        (await admin.Client.PostAsync($"/api/v1/conversations/{opened!.ConversationId}/resolve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var last = await app.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().Where(e => e.ConversationId == opened.ConversationId)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).FirstAsync());
        last.Type.ShouldBe(ConversationEventType.Resolved);
        last.ActorType.ShouldBe(ActorType.User);
        last.ActorUserId.ShouldBe(admin.UserId);
    }

    [ProviderFact]
    public async Task An_agents_personal_token_replies_as_the_agent_and_the_reply_is_their_first_reply(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var issued = await (await f.Agent.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Agnes's script" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
        using var script = f.App.NewClient(issued!.Token!);
        var id = (await f.DeliverAsync("+15550104444")).ConversationId;
        f.App.Clock.Advance(TimeSpan.FromMinutes(3));

        var reply = await script.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = "On it, Carla." });
        var resolved = await script.PostAsync($"/api/v1/conversations/{id}/resolve", null);

        reply.StatusCode.ShouldBe(HttpStatusCode.Created);
        var posted = (await reply.Content.ReadFromJsonAsync<Json.Posted>())!;
        posted.Message.AuthorType.ShouldBe("User");
        posted.Message.AuthorUserId.ShouldBe(f.Agent.UserId);
        posted.DisplayStatus.ShouldBe("In progress");
        resolved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var row = await f.RowAsync(id);
        row.FirstReplyAt.ShouldBe(f.App.Now());
        row.Status.ShouldBe(ConversationStatus.Resolved);
        var message = (await f.MessagesAsync(id)).Single(m => m.Direction == MessageDirection.Out);
        (message.AuthorType, message.AuthorUserId).ShouldBe((ActorType.User, f.Agent.UserId));
        var resolvedEvent = (await f.EventsAsync(id)).Single(e => e.Type == ConversationEventType.Resolved);
        (resolvedEvent.ActorType, resolvedEvent.ActorUserId).ShouldBe((ActorType.User, f.Agent.UserId));
        // The trail still tells the agent's script from the agent's clicks.
        (resolvedEvent.ActorTokenId, resolvedEvent.ActorTokenName).ShouldBe((issued.Id, "Agnes's script"));
        var listed = (await f.Admin.Client.GetFromJsonAsync<Json.Page<EventJson>>($"/api/v1/conversations/{id}/events"))!.Items;
        listed.Single(e => e.Type == "Resolved").ShouldBe(new EventJson(resolvedEvent.Id, "Resolved", "User", f.Agent.UserId, new ActorTokenJson(issued.Id, "Agnes's script")));
    }

    [ProviderFact]
    public async Task A_personal_token_resolving_an_automated_conversation_is_its_person_not_a_bot(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var issued = await (await f.Admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Ada's console" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
        using var console = f.App.NewClient(issued!.Token!);
        var id = (await f.DeliverAsync("+15550104445", automated: true)).ConversationId;

        (await console.PostAsync($"/api/v1/conversations/{id}/resolve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var last = (await f.EventsAsync(id)).Single(e => e.Type != ConversationEventType.Created);
        last.Type.ShouldBe(ConversationEventType.Resolved);
        (last.ActorType, last.ActorUserId, last.ActorTokenId).ShouldBe((ActorType.User, f.Admin.UserId, issued.Id));
    }

    [ProviderFact]
    public async Task A_revoked_integration_token_is_still_named_in_the_events_it_made(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var issued = await (await f.Admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Old CRM", kind = "Integration" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
        var id = (await f.DeliverAsync("+15550104446")).ConversationId;
        using (var crm = f.App.NewClient(issued!.Token!))
            (await crm.PostAsync($"/api/v1/conversations/{id}/hold", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await f.Admin.Client.DeleteAsync($"/api/v1/tokens/{issued.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var listed = (await f.Admin.Client.GetFromJsonAsync<Json.Page<EventJson>>($"/api/v1/conversations/{id}/events"))!.Items;
        listed.Single(e => e.Type == "PutOnHold").ShouldBe(new EventJson(listed.Single(e => e.Type == "PutOnHold").Id, "PutOnHold", "Bot", f.Admin.UserId, new ActorTokenJson(issued.Id, "Old CRM")));
    }
}
