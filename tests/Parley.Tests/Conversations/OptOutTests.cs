using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>SPEC §2: STOP, UNSUBSCRIBE… as the whole body opt a contact out; START re-subscribes.</summary>
public sealed class OptOutTests
{
    [ProviderFact]
    public async Task Stop_as_the_whole_message_opts_the_contact_out_and_start_opts_them_back_in(string db)
    {
        await using var fixture = await ConversationFixture.StartAsync(db);
        var phone = fixture.NewPhone();
        var first = await fixture.DeliverAsync(phone, "Hi there");

        await fixture.DeliverAsync(phone, "  stop ");

        (await fixture.App.QueryAsync(d => d.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == first.ContactId))).OptedOut.ShouldBeTrue();
        (await fixture.EventsAsync(first.ConversationId)).Last().Type.ShouldBe(ConversationEventType.ContactOptedOut);
        var reply = await fixture.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{first.ConversationId}/messages", new { text = "Sorry to see you go" });
        await reply.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        await fixture.DeliverAsync(phone, "START");

        (await fixture.App.QueryAsync(d => d.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == first.ContactId))).OptedOut.ShouldBeFalse();
        (await fixture.EventsAsync(first.ConversationId)).Last().Type.ShouldBe(ConversationEventType.ContactOptedIn);
        (await fixture.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{first.ConversationId}/messages", new { text = "Welcome back" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [ProviderFact]
    public async Task Stop_inside_a_longer_message_is_an_ordinary_message(string db)
    {
        await using var fixture = await ConversationFixture.StartAsync(db);
        var delivered = await fixture.DeliverAsync(fixture.NewPhone(), "Please stop sending me the wrong size");

        (await fixture.App.QueryAsync(d => d.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == delivered.ContactId))).OptedOut.ShouldBeFalse();
        (await fixture.EventsAsync(delivered.ConversationId)).Select(e => e.Type).ShouldBe([ConversationEventType.Created]);
    }
}
