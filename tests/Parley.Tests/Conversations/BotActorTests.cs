using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>A bot works through an API token: what it does is recorded as the bot's, not a person's.</summary>
public sealed class BotActorTests
{
    [ProviderFact]
    public async Task A_bot_opens_an_automated_conversation_and_resolves_it_itself(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Help bot" })).Content.ReadFromJsonAsync<Json.Channel>();
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "bot" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
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
        events[1].ActorUserId.ShouldBe(admin.UserId);
        var conversation = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().SingleAsync(c => c.Id == opened.ConversationId));
        conversation.Status.ShouldBe(ConversationStatus.Resolved);
        // A bot's answer is not an agent's first reply.
        conversation.FirstReplyAt.ShouldBeNull();
        var message = await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().SingleAsync(m => m.ConversationId == opened.ConversationId && m.Direction == MessageDirection.Out));
        message.AuthorType.ShouldBe(ActorType.Bot);
    }

    [ProviderFact]
    public async Task A_person_resolving_an_automated_conversation_is_recorded_as_that_person(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Help bot" })).Content.ReadFromJsonAsync<Json.Channel>();
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "bot" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
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
}
