using System.Net;
using System.Net.Http.Json;
using Parley.Audit;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>
/// The conversation window (SPEC §2): replies wait in the queue, notes stay inside, a reply can
/// close the loop in one step, notes can be pinned, messages read in time order, and each
/// teammate's first view of a customer message is recorded.
/// </summary>
public sealed class MessageTests
{
    [ProviderFact]
    public async Task A_reply_is_queued_and_makes_the_conversation_in_progress(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = (await f.DeliverAsync("+15550109999")).ConversationId;
        f.App.Clock.Advance(TimeSpan.FromMinutes(6));

        var posted = await f.PostMessageAsync(f.Agent, id, new { text = "  Checking now.  " });

        posted.Message.Direction.ShouldBe("Out");
        posted.Message.Kind.ShouldBe("Message");
        posted.Message.DeliveryStatus.ShouldBe("Queued");
        posted.Message.Text.ShouldBe("Checking now.");
        posted.Message.AuthorUserId.ShouldBe(f.Agent.UserId);
        posted.Status.ShouldBe("Open");
        posted.DisplayStatus.ShouldBe("In progress");
        var row = await f.RowAsync(id);
        row.FirstReplyAt.ShouldBe(f.App.Now());
        row.LastActivityAt.ShouldBe(f.App.Now());
        var stored = (await f.MessagesAsync(id)).Single(m => m.Id == posted.Message.Id);
        stored.Direction.ShouldBe(MessageDirection.Out);
        stored.DeliveryStatus.ShouldBe(DeliveryStatus.Queued);
        (await f.Agent.Client.GetFromJsonAsync<ConversationJson>($"/api/v1/conversations/{id}"))!.DisplayStatus.ShouldBe("In progress");

        // The first reply time is the first one's: a later reply leaves it.
        var firstReplyAt = f.App.Now();
        f.App.Clock.Advance(TimeSpan.FromMinutes(6));
        await f.PostMessageAsync(f.Agent, id, new { text = "Found it." });
        (await f.RowAsync(id)).FirstReplyAt.ShouldBe(firstReplyAt);
    }

    [ProviderFact]
    public async Task A_note_stays_internal_and_leaves_the_conversation_new(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = (await f.DeliverAsync("+15550109999")).ConversationId;
        f.App.Clock.Advance(TimeSpan.FromMinutes(6));

        var posted = await f.PostMessageAsync(f.Agent, id, new { text = "VIP customer", kind = "note" });

        posted.Message.Kind.ShouldBe("Note");
        posted.Message.DeliveryStatus.ShouldBeNull();
        posted.DisplayStatus.ShouldBe("New");
        var stored = (await f.MessagesAsync(id)).Single(m => m.Id == posted.Message.Id);
        stored.Kind.ShouldBe(MessageKind.Note);
        stored.DeliveryStatus.ShouldBeNull();
        var row = await f.RowAsync(id);
        row.FirstReplyAt.ShouldBeNull();
        row.LastActivityAt.ShouldBe(f.App.Now());
    }

    [ProviderFact]
    public async Task A_reply_then_archive_reopen_or_resolve_writes_exactly_one_combined_event(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var cases = new (string From, string Then, string To, ConversationEventType Event)[]
        {
            ("Open", "archive", "Archived", ConversationEventType.RepliedAndArchived),
            ("Resolved", "reopen", "Open", ConversationEventType.RepliedAndReopened),
            ("Pending", "resolve", "Resolved", ConversationEventType.RepliedAndResolved),
        };
        foreach (var (from, then, to, type) in cases)
        {
            var id = await f.ConversationInAsync(from);
            var messagesBefore = (await f.MessagesAsync(id)).Count;
            var eventsBefore = await f.EventsAsync(id);
            f.App.Clock.Advance(TimeSpan.FromMinutes(6));

            var posted = await f.PostMessageAsync(f.Agent, id, new { text = "Done, thanks!", then });

            posted.Status.ShouldBe(to, then);
            (await f.RowAsync(id)).Status.ToString().ShouldBe(to, then);
            (await f.MessagesAsync(id)).Count.ShouldBe(messagesBefore + 1, then);
            await f.ShouldHaveWrittenOneEventAsync(id, eventsBefore, type, f.Agent.UserId);
        }
    }

    [ProviderFact]
    public async Task A_reply_whose_then_is_refused_is_a_409_that_sends_nothing(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Open");
        var before = await f.App.SnapshotAsync();

        var response = await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", new { text = "Reopening", then = "reopen" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await f.App.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Pinning_and_unpinning_a_note_writes_an_event_and_a_reply_cannot_be_pinned(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = (await f.DeliverAsync("+15550109999")).ConversationId;
        var note = (await f.PostMessageAsync(f.Agent, id, new { text = "Refund approved by Sam", kind = "note" })).Message;
        var reply = (await f.PostMessageAsync(f.Agent, id, new { text = "Refund on its way" })).Message;

        foreach (var (route, pinned, type) in new[] { ("pin", true, ConversationEventType.NotePinned), ("unpin", false, ConversationEventType.NoteUnpinned) })
        {
            var eventsBefore = await f.EventsAsync(id);
            f.App.Clock.Advance(TimeSpan.FromMinutes(1));

            var response = await f.Agent.Client.PostAsync($"/api/v1/conversations/{id}/notes/{note.Id}/{route}", null);

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await f.MessagesAsync(id)).Single(m => m.Id == note.Id).IsPinned.ShouldBe(pinned);
            (await f.RowAsync(id)).LastActivityAt.ShouldBe(f.App.Now());
            var written = await f.ShouldHaveWrittenOneEventAsync(id, eventsBefore, type, f.Agent.UserId);
            written.Payload.ShouldBe($"{{\"messageId\":\"{note.Id}\"}}");
        }

        var before = await f.App.SnapshotAsync();
        await (await f.Agent.Client.PostAsync($"/api/v1/conversations/{id}/notes/{reply.Id}/pin", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await f.Agent.Client.PostAsync($"/api/v1/conversations/{id}/notes/{note.Id}/unpin", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await f.App.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Messages_read_in_time_order_and_page_with_a_cursor_without_repeats(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = (await f.DeliverAsync("+15550109999", "one")).ConversationId;
        foreach (var text in new[] { "two", "three", "four", "five" })
        {
            f.App.Clock.Advance(TimeSpan.FromSeconds(30));
            if (text is "two" or "four")
                await f.PostMessageAsync(f.Agent, id, new { text });
            else
                await f.DeliverAsync("+15550109999", text);
        }

        var read = new List<Json.Message>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await f.Agent.Client.GetFromJsonAsync<Json.Page<Json.Message>>(
                $"/api/v1/conversations/{id}/messages?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            page!.Items.Count.ShouldBeLessThanOrEqualTo(2);
            read.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        pages.ShouldBe(3);
        read.Select(m => m.Text).ShouldBe(["one", "two", "three", "four", "five"]);
        read.Select(m => m.Direction).ShouldBe(["In", "Out", "In", "Out", "In"]);
        read.Select(m => m.CreatedAt).ShouldBeInOrder();
    }

    [ProviderFact]
    public async Task Newest_first_starts_at_the_latest_message_and_the_cursor_walks_back_to_the_first(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = (await f.DeliverAsync("+15550109999", "one")).ConversationId;
        foreach (var text in new[] { "two", "three", "four", "five" })
        {
            // "three" and "four" share an instant: the id breaks the tie, in either direction.
            if (text != "four")
                f.App.Clock.Advance(TimeSpan.FromSeconds(30));
            if (text is "two" or "four")
                await f.PostMessageAsync(f.Agent, id, new { text });
            else
                await f.DeliverAsync("+15550109999", text);
        }

        async Task<List<string>> ReadAllAsync(string query)
        {
            var read = new List<string>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await f.Agent.Client.GetFromJsonAsync<Json.Page<Json.Message>>(
                    $"/api/v1/conversations/{id}/messages?{query}" + (cursor is null ? "" : $"&cursor={cursor}"));
                page!.Items.Count.ShouldBeLessThanOrEqualTo(2);
                read.AddRange(page.Items.Select(m => m.Text));
                cursor = page.NextCursor;
                pages++;
            }
            while (cursor is not null && pages < 10);
            pages.ShouldBe(3);
            return read;
        }

        (await ReadAllAsync("order=newest&limit=2")).ShouldBe(["five", "four", "three", "two", "one"]);
        (await ReadAllAsync("order=oldest&limit=2")).ShouldBe(["one", "two", "three", "four", "five"]);
        (await f.Agent.Client.GetFromJsonAsync<Json.Page<Json.Message>>($"/api/v1/conversations/{id}/messages?order=Newest&limit=1"))!
            .Items.Single().Text.ShouldBe("five");
        await (await f.Agent.Client.GetAsync($"/api/v1/conversations/{id}/messages?order=latest")).ShouldBeValidationProblemAsync("order");
        await (await f.Agent.Client.GetAsync($"/api/v1/conversations/{id}/messages?order=")).ShouldBeValidationProblemAsync("order");
    }

    [ProviderFact]
    public async Task Opening_a_conversation_records_when_each_teammate_first_viewed_each_customer_message(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = (await f.DeliverAsync("+15550109999", "Hello?")).ConversationId;
        await f.DeliverAsync("+15550109999", "Still there?");
        await f.PostMessageAsync(f.Admin, id, new { text = "Yes!" });
        f.App.Clock.Advance(TimeSpan.FromMinutes(3));
        var agentOpenedAt = f.App.Now();

        (await f.Agent.Client.GetAsync($"/api/v1/conversations/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        f.App.Clock.Advance(TimeSpan.FromMinutes(3));
        (await f.Agent.Client.GetAsync($"/api/v1/conversations/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await f.Admin.Client.GetAsync($"/api/v1/conversations/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var adminOpenedAt = f.App.Now();

        var messages = (await f.Agent.Client.GetFromJsonAsync<Json.Page<Json.Message>>($"/api/v1/conversations/{id}/messages"))!.Items;
        foreach (var inbound in messages.Where(m => m.Direction == "In"))
        {
            inbound.ViewedBy.ShouldBe([new Json.MessageView(f.Agent.UserId, agentOpenedAt), new Json.MessageView(f.Admin.UserId, adminOpenedAt)]);
        }
        messages.Single(m => m.Direction == "Out").ViewedBy.ShouldBeEmpty();
        (await f.App.CountAsync<MessageView>()).ShouldBe(4);
    }

    [ProviderFact]
    public async Task A_reply_to_an_opted_out_contact_is_refused_but_a_note_is_not(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var inbound = await f.DeliverAsync("+15550109999");
        (await f.Agent.Client.PatchAsJsonAsync($"/api/v1/contacts/{inbound.ContactId}", new { optedOut = true })).EnsureSuccessStatusCode();
        var before = await f.App.SnapshotAsync();

        var response = await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{inbound.ConversationId}/messages", new { text = "Hello?" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await f.App.SnapshotAsync()).ShouldBe(before);
        (await f.PostMessageAsync(f.Agent, inbound.ConversationId, new { text = "Opted out, do not write", kind = "note" })).Message.Kind.ShouldBe("Note");
    }
}
