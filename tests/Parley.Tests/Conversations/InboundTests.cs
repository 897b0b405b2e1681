using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>
/// A customer's message arriving over an API channel (SPEC §1): it finds or creates the contact,
/// joins their live conversation or opens one, reopens a finished one, never revives a deleted
/// one, and is stored once however often it is delivered.
/// </summary>
public sealed class InboundTests
{
    [ProviderFact]
    public async Task A_first_message_creates_the_contact_and_a_new_unread_conversation_for_the_team(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);

        var response = await f.PostInboundAsync(new { contact = new { name = "Carla Customer", phone = "+15550109999" }, text = "Where is my order?", externalMessageId = "ext-1" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var inbound = (await response.Content.ReadFromJsonAsync<Json.Inbound>())!;
        inbound.Status.ShouldBe("Open");
        inbound.Duplicate.ShouldBeFalse();
        var contact = await f.App.QueryAsync(d => d.Contacts.IgnoreQueryFilters().SingleAsync());
        contact.Id.ShouldBe(inbound.ContactId);
        contact.Name.ShouldBe("Carla Customer");
        contact.Phone.ShouldBe("+15550109999");
        var row = await f.RowAsync(inbound.ConversationId);
        row.Status.ShouldBe(ConversationStatus.Open);
        row.ContactId.ShouldBe(contact.Id);
        row.TeamId.ShouldBe(f.TeamId);
        row.LastInboundAt.ShouldBe(f.App.Now());
        row.LastActivityAt.ShouldBe(f.App.Now());
        var events = await f.EventsAsync(inbound.ConversationId);
        events.Select(e => (e.Type, e.ActorType)).ShouldBe([(ConversationEventType.Created, ActorType.Contact)]);
        var message = (await f.MessagesAsync(inbound.ConversationId)).ShouldHaveSingleItem();
        message.Id.ShouldBe(inbound.MessageId);
        message.Direction.ShouldBe(MessageDirection.In);
        message.Text.ShouldBe("Where is my order?");
        message.ExternalMessageId.ShouldBe("ext-1");

        var inbox = await f.Agent.Client.GetFromJsonAsync<Json.Page<ConversationSummaryJson>>("/api/v1/conversations?view=team");
        var listed = inbox!.Items.ShouldHaveSingleItem();
        listed.Id.ShouldBe(inbound.ConversationId);
        listed.DisplayStatus.ShouldBe("New");
        listed.Unread.ShouldBeTrue();
    }

    [ProviderFact]
    public async Task A_second_message_joins_the_same_conversation(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var first = await f.DeliverAsync("+15550109999", "Hello?");
        var eventsBefore = await f.EventsAsync(first.ConversationId);
        f.App.Clock.Advance(TimeSpan.FromMinutes(2));

        var second = await f.DeliverAsync("+15550109999", "Anyone there?");

        second.ConversationId.ShouldBe(first.ConversationId);
        second.ContactId.ShouldBe(first.ContactId);
        (await f.MessagesAsync(first.ConversationId)).Select(m => m.Text).ShouldBe(["Hello?", "Anyone there?"]);
        (await f.NewEventsAsync(first.ConversationId, eventsBefore)).ShouldBeEmpty();
        var row = await f.RowAsync(first.ConversationId);
        row.LastActivityAt.ShouldBe(f.App.Now());
        row.LastMessagePreview.ShouldBe("Anyone there?");
        (await f.App.CountAsync<Parley.Contacts.Contact>()).ShouldBe(1);
        (await f.App.CountAsync<Conversation>()).ShouldBe(1);
    }

    [ProviderFact]
    public async Task The_same_external_message_id_again_is_answered_as_a_duplicate_and_stores_nothing(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var first = await f.DeliverAsync("+15550109999", externalMessageId: "wamid-7");
        f.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = await f.SnapshotAsync();

        var response = await f.PostInboundAsync(new { contact = new { phone = "+15550109999" }, text = "Hello?", externalMessageId = "wamid-7" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = (await response.Content.ReadFromJsonAsync<Json.Inbound>())!;
        again.Duplicate.ShouldBeTrue();
        again.MessageId.ShouldBe(first.MessageId);
        again.ConversationId.ShouldBe(first.ConversationId);
        (await f.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task A_message_to_a_resolved_irrelevant_or_archived_conversation_reopens_it(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        foreach (var status in new[] { "Resolved", "Irrelevant", "Spam", "Archived" })
        {
            var id = await f.ConversationInAsync(status);
            var phone = await f.PhoneOfAsync(id);
            var eventsBefore = await f.EventsAsync(id);
            f.App.Clock.Advance(TimeSpan.FromMinutes(10));

            var inbound = await f.DeliverAsync(phone, "One more thing");

            inbound.ConversationId.ShouldBe(id, status);
            inbound.Status.ShouldBe("Open", status);
            var reopened = await f.RowAsync(id);
            reopened.Status.ShouldBe(ConversationStatus.Open, status);
            reopened.IsSpam.ShouldBeFalse(status);
            reopened.LastActivityAt.ShouldBe(f.App.Now(), status);
            var written = (await f.NewEventsAsync(id, eventsBefore)).ShouldHaveSingleItem(status);
            written.Type.ShouldBe(ConversationEventType.Reopened, status);
            written.ActorType.ShouldBe(ActorType.Contact, status);
            written.ActorUserId.ShouldBeNull(status);
        }
    }

    [ProviderFact]
    public async Task An_archived_conversation_reopened_by_the_customer_no_longer_carries_a_status_to_unarchive_to(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Pending");
        await f.ActAsync(f.Agent, id, "archive");

        await f.DeliverAsync(await f.PhoneOfAsync(id), "Hello again");

        var row = await f.RowAsync(id);
        row.Status.ShouldBe(ConversationStatus.Open);
        row.PreviousStatus.ShouldBeNull();
        var shown = (await f.Agent.Client.GetFromJsonAsync<ConversationJson>($"/api/v1/conversations/{id}"))!;
        shown.Status.ShouldBe("Open");
        shown.PreviousStatus.ShouldBeNull();
    }

    [ProviderFact]
    public async Task A_message_to_a_sent_or_pending_conversation_makes_it_open(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        foreach (var status in new[] { "Sent", "Pending" })
        {
            var id = await f.ConversationInAsync(status);
            var phone = await f.PhoneOfAsync(id);
            var eventsBefore = await f.EventsAsync(id);
            f.App.Clock.Advance(TimeSpan.FromMinutes(10));

            var inbound = await f.DeliverAsync(phone, "Thanks!");

            inbound.ConversationId.ShouldBe(id, status);
            (await f.RowAsync(id)).Status.ShouldBe(ConversationStatus.Open, status);
            var written = (await f.NewEventsAsync(id, eventsBefore)).ShouldHaveSingleItem(status);
            written.Type.ShouldBe(ConversationEventType.StatusChanged, status);
            written.ActorType.ShouldBe(ActorType.Contact, status);
            written.Payload.ShouldBe($"{{\"from\":\"{status}\",\"to\":\"Open\"}}", status);
        }
    }

    [ProviderFact]
    public async Task A_message_from_a_contact_whose_conversation_is_deleted_starts_a_new_one(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var deleted = await f.ConversationInAsync("Deleted");
        var phone = await f.PhoneOfAsync(deleted);
        var deletedEvents = await f.EventsAsync(deleted);

        var inbound = await f.DeliverAsync(phone, "Hello again");

        inbound.ConversationId.ShouldNotBe(deleted);
        inbound.Status.ShouldBe("Open");
        (await f.RowAsync(deleted)).Status.ShouldBe(ConversationStatus.Deleted);
        (await f.NewEventsAsync(deleted, deletedEvents)).ShouldBeEmpty();
        (await f.MessagesAsync(deleted)).ShouldHaveSingleItem();
        var fresh = await f.RowAsync(inbound.ConversationId);
        fresh.ContactId.ShouldBe((await f.RowAsync(deleted)).ContactId);
        (await f.EventsAsync(inbound.ConversationId)).Select(e => e.Type).ShouldBe([ConversationEventType.Created]);
    }

    [ProviderFact]
    public async Task An_automated_message_opens_a_bot_owned_conversation_that_a_handover_gives_to_the_team(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);

        var inbound = await f.DeliverAsync("+15550109999", automated: true);

        inbound.Status.ShouldBe("Automated");
        (await f.RowAsync(inbound.ConversationId)).Status.ShouldBe(ConversationStatus.Automated);
        var eventsBefore = await f.EventsAsync(inbound.ConversationId);
        f.App.Clock.Advance(TimeSpan.FromMinutes(4));

        var handedOver = await f.ActAsync(f.Agent, inbound.ConversationId, "handover");

        handedOver.Status.ShouldBe("Open");
        handedOver.DisplayStatus.ShouldBe("New");
        (await f.RowAsync(inbound.ConversationId)).Status.ShouldBe(ConversationStatus.Open);
        await f.ShouldHaveWrittenOneEventAsync(inbound.ConversationId, eventsBefore, ConversationEventType.BotHandover, f.Agent.UserId);
    }

    [ProviderFact]
    public async Task Invalid_inbound_messages_are_refused_naming_the_field_and_write_nothing(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var before = await f.SnapshotAsync();

        await (await f.PostInboundAsync(new { contact = new { phone = "+15550109999" }, externalMessageId = "ext-1" }))
            .ShouldBeValidationProblemAsync("text");
        await (await f.PostInboundAsync(new { contact = new { phone = "+15550109999" }, text = "Hi" }))
            .ShouldBeValidationProblemAsync("externalMessageId");
        await (await f.PostInboundAsync(new { text = "Hi", externalMessageId = "ext-1" }))
            .ShouldBeValidationProblemAsync("contact");
        await (await f.PostInboundAsync(new { contact = new { name = "  " }, text = "Hi", externalMessageId = "ext-1" }))
            .ShouldBeValidationProblemAsync("contact");
        await (await f.PostInboundAsync(new { contact = new { phone = "call me maybe" }, text = "Hi", externalMessageId = "ext-1" }))
            .ShouldBeValidationProblemAsync("contact.phone");

        (await f.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task An_inactive_channel_refuses_and_an_unknown_channel_is_not_found(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        (await f.Admin.Client.PatchAsJsonAsync($"/api/v1/channels/{f.Channel.Id}", new { isActive = false })).EnsureSuccessStatusCode();
        var before = await f.SnapshotAsync();
        var body = new { contact = new { phone = "+15550109999" }, text = "Hi", externalMessageId = "ext-1" };

        await (await f.PostInboundAsync(body)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await f.PostInboundAsync(body, Guid.NewGuid())).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await f.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task The_phone_number_in_any_format_finds_the_same_contact_and_conversation(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var first = await f.DeliverAsync("+1 (555) 010-2000");

        foreach (var phone in new[] { "5550102000", "+15550102000", "555.010.2000" })
        {
            var again = await f.DeliverAsync(phone, $"From {phone}");
            again.ContactId.ShouldBe(first.ContactId, phone);
            again.ConversationId.ShouldBe(first.ConversationId, phone);
        }
        (await f.App.QueryAsync(d => d.Contacts.IgnoreQueryFilters().Select(c => c.Phone).ToListAsync())).ShouldBe(["+15550102000"]);
        (await f.MessagesAsync(first.ConversationId)).Count.ShouldBe(4);
    }
}
