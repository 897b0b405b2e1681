using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Audit;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>Rules that span several steps of a conversation's life.</summary>
public sealed class ConversationRuleTests
{
    [ProviderFact]
    public async Task An_archived_conversation_deleted_and_restored_is_archived_again_and_still_unarchives_to_its_earlier_status(string db)
    {
        await using var fixture = await ConversationFixture.StartAsync(db);
        var id = await fixture.ConversationInAsync("Pending");
        await fixture.ActAsync(fixture.Admin, id, "archive");
        await fixture.ActAsync(fixture.Admin, id, "delete");

        (await fixture.ActAsync(fixture.Admin, id, "restore")).Status.ShouldBe("Archived");
        (await fixture.ActAsync(fixture.Admin, id, "unarchive")).Status.ShouldBe("Pending");
        var row = await fixture.RowAsync(id);
        row.PreviousStatus.ShouldBeNull();
        row.DeletedFrom.ShouldBeNull();
    }

    [ProviderFact]
    public async Task A_reminder_due_on_a_deleted_conversation_is_spent_without_touching_it(string db)
    {
        await using var fixture = await ConversationFixture.StartAsync(db);
        var id = await fixture.ConversationInAsync("Pending");
        var at = fixture.App.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        (await fixture.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{id}/reminders", new { at, note = "Chase" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await fixture.ActAsync(fixture.Admin, id, "delete");
        var before = await fixture.RowAsync(id);
        var eventsBefore = await fixture.EventsAsync(id);

        fixture.App.Clock.Advance(TimeSpan.FromHours(2));
        await fixture.App.Services.GetRequiredService<FireDueReminders>().Handle(CancellationToken.None);

        var after = await fixture.RowAsync(id);
        after.Status.ShouldBe(ConversationStatus.Deleted);
        after.LastActivityAt.ShouldBe(before.LastActivityAt);
        (await fixture.EventsAsync(id)).Count.ShouldBe(eventsBefore.Count);
        (await fixture.App.QueryAsync(d => d.Reminders.IgnoreQueryFilters().SingleAsync(r => r.ConversationId == id))).FiredAt.ShouldNotBeNull();
    }

    [ProviderFact]
    public async Task Merging_a_conversation_with_a_newer_customer_message_brings_its_preview_and_unread_state_along(string db)
    {
        await using var fixture = await ConversationFixture.StartAsync(db);
        var phone = fixture.NewPhone();
        var older = (await fixture.DeliverAsync(phone, "First question")).ConversationId;
        await fixture.ActAsync(fixture.Admin, older, "resolve");
        await fixture.ActAsync(fixture.Admin, older, "archive");
        await fixture.ActAsync(fixture.Admin, older, "delete");
        fixture.App.Clock.Advance(TimeSpan.FromHours(1));
        var newer = (await fixture.DeliverAsync(phone, "Second question, much later")).ConversationId;
        newer.ShouldNotBe(older);
        await fixture.ActAsync(fixture.Admin, older, "restore");
        fixture.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var target = await fixture.ActAsync(fixture.Admin, older, "unarchive");
        target.Status.ShouldBe("Resolved");
        await fixture.ActAsync(fixture.Admin, older, "reopen");

        var merged = await fixture.Admin.Client.PostAsJsonAsync($"/api/v1/conversations/{newer}/merge", new { intoId = older });

        merged.StatusCode.ShouldBe(HttpStatusCode.OK, await merged.Content.ReadAsStringAsync());
        var row = await fixture.RowAsync(older);
        row.LastMessagePreview.ShouldBe("Second question, much later");
        row.LastInboundAt.ShouldBe(fixture.App.Clock.GetUtcNow().UtcDateTime.AddMinutes(-5));
        (await fixture.MessagesAsync(older)).Select(m => m.Text).ShouldBe(["First question", "Second question, much later"]);
        (await fixture.FindRowAsync(newer)).ShouldBeNull();
        (await fixture.EventsAsync(older)).Last().Type.ShouldBe(ConversationEventType.Merged);
    }
}
