using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Audit;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>The business writing first, merging a contact's conversations, and reminders that bring a conversation back.</summary>
public sealed class StartMergeReminderTests
{
    [ProviderFact]
    public async Task Writing_first_to_a_contact_starts_a_sent_conversation_owned_by_the_starter(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var contactId = await f.CreateContactAsync("+15550104000");

        var started = await f.StartAsync(contactId, "Your order shipped.");

        started.Status.ShouldBe("Sent");
        started.DisplayStatus.ShouldBe("Sent");
        started.Assignee.ShouldNotBeNull().Id.ShouldBe(f.Agent.UserId);
        started.Subject.ShouldBe("Order 1042");
        started.Contact.Id.ShouldBe(contactId);
        var row = await f.RowAsync(started.Id);
        row.Status.ShouldBe(ConversationStatus.Sent);
        row.AssigneeId.ShouldBe(f.Agent.UserId);
        row.TeamId.ShouldBe(f.TeamId);
        var message = (await f.MessagesAsync(started.Id)).ShouldHaveSingleItem();
        message.Direction.ShouldBe(MessageDirection.Out);
        message.DeliveryStatus.ShouldBe(DeliveryStatus.Queued);
        message.Text.ShouldBe("Your order shipped.");
        message.AuthorUserId.ShouldBe(f.Agent.UserId);
        var created = (await f.EventsAsync(started.Id)).ShouldHaveSingleItem();
        created.Type.ShouldBe(ConversationEventType.Created);
        created.ActorUserId.ShouldBe(f.Agent.UserId);

        var before = await f.App.SnapshotAsync();
        var second = await f.Admin.Client.PostAsJsonAsync("/api/v1/conversations", new { contactId, channelId = f.Channel.Id, text = "And another thing" });
        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await f.App.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Merging_moves_the_messages_and_tags_and_leaves_nothing_of_the_merged_conversation(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var otherChannel = await ConversationFixture.CreateChannelAsync(f.Admin, "App bot", f.TeamId);
        var target = await f.DeliverAsync("+15550109999", "Order 1042 is late");
        f.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var source = await f.DeliverAsync("+15550109999", "Me again, about 1042", channelId: otherChannel.Id);
        source.ContactId.ShouldBe(target.ContactId);
        source.ConversationId.ShouldNotBe(target.ConversationId);
        (await f.Agent.Client.PatchAsJsonAsync($"/api/v1/conversations/{source.ConversationId}", new { tags = new[] { "late" } })).EnsureSuccessStatusCode();
        (await f.Agent.Client.GetAsync($"/api/v1/conversations/{source.ConversationId}")).EnsureSuccessStatusCode();
        var targetEvents = await f.EventsAsync(target.ConversationId);
        f.App.Clock.Advance(TimeSpan.FromMinutes(5));

        var response = await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{source.ConversationId}/merge", new { intoId = target.ConversationId });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var merged = (await response.Content.ReadFromJsonAsync<ConversationJson>())!;
        merged.Id.ShouldBe(target.ConversationId);
        merged.Tags.ShouldBe(["late"]);
        (await f.MessagesAsync(target.ConversationId)).Select(m => m.Text).ShouldBe(["Order 1042 is late", "Me again, about 1042"]);
        await (await f.Agent.Client.GetAsync($"/api/v1/conversations/{source.ConversationId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await f.FindRowAsync(source.ConversationId)).ShouldBeNull();
        (await f.App.QueryAsync(d => d.ConversationReads.IgnoreQueryFilters().CountAsync(r => r.ConversationId == source.ConversationId))).ShouldBe(0);
        (await f.App.QueryAsync(d => d.ConversationTags.IgnoreQueryFilters().CountAsync(t => t.ConversationId == source.ConversationId))).ShouldBe(0);
        (await f.App.QueryAsync(d => d.MessageViews.IgnoreQueryFilters().CountAsync(v => v.ConversationId == source.ConversationId))).ShouldBe(0);
        (await f.EventsAsync(source.ConversationId)).ShouldBeEmpty();
        var written = await f.NewEventsAsync(target.ConversationId, targetEvents);
        written.Where(e => e.CreatedAt == f.App.Now()).Select(e => e.Type).Order().ShouldBe([ConversationEventType.TagAdded, ConversationEventType.Merged]);
        var mergedEvent = written.Single(e => e.Type == ConversationEventType.Merged);
        mergedEvent.ActorUserId.ShouldBe(f.Agent.UserId);
        mergedEvent.Payload.ShouldBe($"{{\"merged\":\"{source.ConversationId}\"}}");
        (await f.RowAsync(target.ConversationId)).LastActivityAt.ShouldBe(f.App.Now());
    }

    [ProviderFact]
    public async Task Conversations_of_different_contacts_cannot_be_merged(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var carla = await f.DeliverAsync("+15550109999");
        var dan = await f.DeliverAsync("+15550108888");
        var before = await f.App.SnapshotAsync();

        var response = await f.Admin.Client.PostAsJsonAsync($"/api/v1/conversations/{carla.ConversationId}/merge", new { intoId = dan.ConversationId });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await f.App.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task A_reminder_is_added_for_a_future_time_only(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Open");
        var eventsBefore = await f.EventsAsync(id);
        var at = f.App.Now().AddHours(2);

        var response = await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{id}/reminders", new { at, note = "Call back about the refund" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var reminder = (await response.Content.ReadFromJsonAsync<ReminderJson>())!;
        reminder.DueAt.ShouldBe(at);
        reminder.Note.ShouldBe("Call back about the refund");
        reminder.FiredAt.ShouldBeNull();
        var row = await f.App.QueryAsync(d => d.Reminders.IgnoreQueryFilters().SingleAsync());
        row.Id.ShouldBe(reminder.Id);
        row.ConversationId.ShouldBe(id);
        row.DueAt.ShouldBe(at);
        row.CreatedByUserId.ShouldBe(f.Agent.UserId);
        var added = await f.ShouldHaveWrittenOneEventAsync(id, eventsBefore, ConversationEventType.ReminderAdded, f.Agent.UserId);
        added.Payload.ShouldBe($"{{\"reminderId\":\"{reminder.Id}\"}}");

        var before = await f.App.SnapshotAsync();
        await (await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{id}/reminders", new { at = f.App.Now().AddMinutes(-1), note = "Too late" }))
            .ShouldBeValidationProblemAsync("at");
        await (await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{id}/reminders", new { note = "When?" }))
            .ShouldBeValidationProblemAsync("at");
        (await f.App.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task A_due_reminder_fires_once_and_brings_a_pending_conversation_back_to_open(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Open");
        var at = f.App.Now().AddHours(2);
        (await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{id}/reminders", new { at, note = "Follow up" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await f.ActAsync(f.Agent, id, "hold");
        var fire = f.App.Services.GetRequiredService<FireDueReminders>();

        // Not due yet: nothing fires.
        f.App.Clock.Advance(TimeSpan.FromHours(1));
        (await fire.Handle(CancellationToken.None)).ShouldBe(0);
        (await f.RowAsync(id)).Status.ShouldBe(ConversationStatus.Pending);

        var eventsBefore = await f.EventsAsync(id);
        f.App.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        // The server's own 15-second sweep may win the race for this reminder; either way it fires
        // exactly once, so the rows are what this test judges.
        await fire.Handle(CancellationToken.None);

        var row = await f.RowAsync(id);
        row.Status.ShouldBe(ConversationStatus.Open);
        row.LastActivityAt.ShouldBe(f.App.Now());
        (await f.App.QueryAsync(d => d.Reminders.IgnoreQueryFilters().SingleAsync())).FiredAt.ShouldBe(f.App.Now());
        var written = await f.NewEventsAsync(id, eventsBefore);
        written.Select(e => (e.Type, e.ActorType)).OrderBy(e => e.Type).ShouldBe(
            [(ConversationEventType.ReminderTriggered, ActorType.System), (ConversationEventType.StatusChanged, ActorType.System)]);
        (await f.Agent.Client.GetFromJsonAsync<ConversationJson>($"/api/v1/conversations/{id}"))!.Status.ShouldBe("Open");

        var fired = await f.EventsAsync(id);
        f.App.Clock.Advance(TimeSpan.FromHours(1));
        (await fire.Handle(CancellationToken.None)).ShouldBe(0);
        (await f.NewEventsAsync(id, fired)).ShouldBeEmpty();
    }
}
