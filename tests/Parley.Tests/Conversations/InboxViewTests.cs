using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>SPEC §2: the inbox views and filters, their order and their keyset paging.</summary>
public sealed class InboxViewTests
{
    [ProviderFact]
    public async Task Each_view_shows_its_conversations_and_leaves_the_others_out(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var mine = (await inbox.ReceiveAsync("Mia Mine", "+15550100001")).ConversationId;
        var teamOnly = (await inbox.ReceiveAsync("Theo Team", "+15550100002")).ConversationId;
        var archived = (await inbox.ReceiveAsync("Archie Archived", "+15550100003")).ConversationId;
        var deleted = (await inbox.ReceiveAsync("Dora Deleted", "+15550100004")).ConversationId;
        var otherChannel = await inbox.CreateChannelAsync("Unrouted bot", teamId: null);
        var unrouted = (await inbox.ReceiveAsync("Uma Unrouted", "+15550100005", channelId: otherChannel)).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, mine, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        (await inbox.ActAsync(inbox.Admin, archived, "archive")).EnsureSuccessStatusCode();
        (await inbox.ActAsync(inbox.Admin, deleted, "delete")).EnsureSuccessStatusCode();
        var sam = await (await inbox.Agent.Client.PostAsJsonAsync("/api/v1/contacts", new { name = "Sam Sent", phone = "+15550100006" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<InboxFixture.Contact>();
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var sent = await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations", new { contactId = sam!.Id, channelId = inbox.ChannelId, text = "We wrote first" });
        var sentId = (await sent.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<InboxFixture.Detail>())!.Id;

        (await inbox.IdsAsync(inbox.Agent, "view=mine")).ShouldBe([sentId, mine]);
        (await inbox.IdsAsync(inbox.Teammate, "view=mine")).ShouldBeEmpty();
        (await inbox.IdsAsync(inbox.Agent, "view=team")).ShouldBe([sentId, teamOnly, mine], ignoreOrder: true);
        (await inbox.IdsAsync(inbox.Admin, "view=team")).ShouldNotContain(unrouted);
        (await inbox.IdsAsync(inbox.Agent, "view=sent")).ShouldBe([sentId]);
        (await inbox.IdsAsync(inbox.Agent, "view=archived")).ShouldBe([archived]);
        (await inbox.IdsAsync(inbox.Admin, "view=deleted")).ShouldBe([deleted]);
        (await inbox.Agent.Client.GetAsync("/api/v1/conversations?view=deleted")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        (await inbox.Agent.Client.GetAsync("/api/v1/conversations?status=Deleted")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);

        // all hides archived and deleted unless asked; agents never see the unrouted one.
        (await inbox.IdsAsync(inbox.Admin, "view=all")).ShouldBe([sentId, unrouted, mine, teamOnly], ignoreOrder: true);
        (await inbox.IdsAsync(inbox.Agent)).ShouldBe([sentId, mine, teamOnly], ignoreOrder: true);
        (await inbox.IdsAsync(inbox.Outsider)).ShouldBeEmpty();
        (await inbox.IdsAsync(inbox.Admin, "status=Archived")).ShouldBe([archived]);
        (await inbox.IdsAsync(inbox.Admin, "status=Deleted")).ShouldBe([deleted]);
    }

    [ProviderFact]
    public async Task The_unassigned_view_shows_what_no_one_owns_among_what_the_caller_may_see(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var billing = await inbox.CreateTeamAsync("Billing", inbox.Outsider.UserId);
        var billingChannel = await inbox.CreateChannelAsync("Billing bot", billing);
        var unrouted = await inbox.CreateChannelAsync("Unrouted bot", teamId: null);
        var support = (await inbox.ReceiveAsync("Theo Team", "+15550100021")).ConversationId;
        var owned = (await inbox.ReceiveAsync("Mia Mine", "+15550100022")).ConversationId;
        var archived = (await inbox.ReceiveAsync("Archie Archived", "+15550100023")).ConversationId;
        var nowhere = (await inbox.ReceiveAsync("Uma Unrouted", "+15550100024", channelId: unrouted)).ConversationId;
        var billed = (await inbox.ReceiveAsync("Bill Billing", "+15550100025", channelId: billingChannel)).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, owned, userId: inbox.Teammate.UserId)).EnsureSuccessStatusCode();
        (await inbox.ActAsync(inbox.Admin, archived, "archive")).EnsureSuccessStatusCode();

        (await inbox.IdsAsync(inbox.Admin, "view=unassigned")).ShouldBe([billed, nowhere, support]);
        (await inbox.IdsAsync(inbox.Agent, "view=unassigned")).ShouldBe([support]);
        (await inbox.IdsAsync(inbox.Outsider, "view=unassigned")).ShouldBe([billed]);
        (await inbox.IdsAsync(inbox.Agent, "view=unassigned&status=Archived")).ShouldBe([archived]);
        var paged = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await inbox.ListAsync(inbox.Admin, $"view=unassigned&limit=1{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            paged.AddRange(page.Items.Select(r => r.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        paged.ShouldBe([billed, nowhere, support]);
        (await inbox.ListAsync(inbox.Admin, "view=unassigned")).Items.ShouldAllBe(r => r.Assignee == null);
        var unowned = await inbox.App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Where(c => c.AssigneeId == null).Select(c => c.Id).ToListAsync());
        unowned.ShouldBe([support, archived, nowhere, billed], ignoreOrder: true);

        // Taking one takes it out of the view for everyone.
        (await inbox.AssignAsync(inbox.Agent, support, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        (await inbox.IdsAsync(inbox.Agent, "view=unassigned")).ShouldBeEmpty();
        (await inbox.IdsAsync(inbox.Admin, "view=unassigned")).ShouldBe([billed, nowhere]);
    }

    [ProviderFact]
    public async Task Filters_narrow_the_list_by_status_channel_tag_assignee_team_and_unread(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var billing = await inbox.CreateTeamAsync("Billing", inbox.Agent.UserId);
        var billingChannel = await inbox.CreateChannelAsync("Billing bot", billing);
        var a = (await inbox.ReceiveAsync("Alice Moreau", "+15550100011")).ConversationId;
        var b = (await inbox.ReceiveAsync("Bob Stone", "+15550100012")).ConversationId;
        var c = (await inbox.ReceiveAsync("Cleo Park", "+15550100013", channelId: billingChannel)).ConversationId;
        (await inbox.ActAsync(inbox.Admin, b, "hold")).EnsureSuccessStatusCode();
        (await inbox.Admin.Client.PatchAsJsonAsync($"/api/v1/conversations/{a}", new { tags = new[] { "vip" } })).EnsureSuccessStatusCode();
        (await inbox.AssignAsync(inbox.Admin, c, userId: inbox.Teammate.UserId)).EnsureSuccessStatusCode();
        await inbox.OpenAsync(inbox.Agent, a);

        (await inbox.IdsAsync(inbox.Admin, "status=Pending")).ShouldBe([b]);
        (await inbox.IdsAsync(inbox.Admin, "status=open")).ShouldBe([c, a]);
        (await inbox.IdsAsync(inbox.Admin, $"channelId={billingChannel}")).ShouldBe([c]);
        (await inbox.IdsAsync(inbox.Admin, "tag=vip")).ShouldBe([a]);
        (await inbox.IdsAsync(inbox.Admin, $"assigneeId={inbox.Teammate.UserId}")).ShouldBe([c]);
        (await inbox.IdsAsync(inbox.Admin, $"teamId={billing}")).ShouldBe([c]);
        (await inbox.IdsAsync(inbox.Admin, $"view=team&teamId={inbox.TeamId}")).ShouldBe([b, a]);
        (await inbox.IdsAsync(inbox.Agent, "unread=true")).ShouldBe([c, b]);
        (await inbox.IdsAsync(inbox.Agent, "unread=false")).ShouldBe([a]);
        (await inbox.IdsAsync(inbox.Admin, "unread=false")).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task The_contact_filter_lists_that_contacts_other_conversations_and_combines_with_the_other_filters(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var billing = await inbox.CreateTeamAsync("Billing", inbox.Outsider.UserId);
        var billingChannel = await inbox.CreateChannelAsync("Billing bot", billing);
        var secondChannel = await inbox.CreateChannelAsync("Second support bot", inbox.TeamId);
        var first = await inbox.ReceiveAsync("Alice Moreau", "+15550100041");
        var other = (await inbox.ReceiveAsync("Bob Stone", "+15550100042")).ConversationId;
        var second = (await inbox.ReceiveAsync("Alice Moreau", "+15550100041", channelId: secondChannel)).ConversationId;
        var archived = (await inbox.ReceiveAsync("Alice Moreau", "+15550100041", channelId: billingChannel)).ConversationId;
        (await inbox.ActAsync(inbox.Admin, archived, "archive")).EnsureSuccessStatusCode();
        await inbox.OpenAsync(inbox.Agent, second);
        var alice = first.ContactId;

        (await inbox.IdsAsync(inbox.Admin, $"contactId={alice}")).ShouldBe([second, first.ConversationId]);
        (await inbox.IdsAsync(inbox.Admin, $"contactId={alice}&status=Archived")).ShouldBe([archived]);
        (await inbox.IdsAsync(inbox.Admin, $"contactId={alice}&view=archived")).ShouldBe([archived]);
        (await inbox.IdsAsync(inbox.Admin, $"contactId={alice}&channelId={secondChannel}")).ShouldBe([second]);
        (await inbox.IdsAsync(inbox.Agent, $"contactId={alice}&unread=true")).ShouldBe([first.ConversationId]);
        var paged = await inbox.ListAsync(inbox.Admin, $"contactId={alice}&limit=1");
        paged.Items.Select(r => r.Id).ShouldBe([second]);
        (await inbox.IdsAsync(inbox.Admin, $"contactId={alice}&limit=1&cursor={paged.NextCursor}")).ShouldBe([first.ConversationId]);
        (await inbox.IdsAsync(inbox.Admin, $"contactId={alice}")).ShouldNotContain(other);
        // Only what the caller may see: the agent is not in Billing, the outsider only there.
        (await inbox.IdsAsync(inbox.Agent, $"contactId={alice}&view=archived")).ShouldBeEmpty();
        (await inbox.IdsAsync(inbox.Outsider, $"contactId={alice}&view=archived")).ShouldBe([archived]);
        (await inbox.IdsAsync(inbox.Outsider, $"contactId={alice}")).ShouldBeEmpty();
        (await inbox.IdsAsync(inbox.Admin, $"contactId={Guid.NewGuid()}")).ShouldBeEmpty();
        await (await inbox.Agent.Client.GetAsync("/api/v1/conversations?contactId=alice")).ShouldBeValidationProblemAsync("contactId");
    }

    [ProviderFact]
    public async Task Search_finds_a_contact_by_name_prefix_or_by_phone_in_any_format(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var alice = (await inbox.ReceiveAsync("Alice Moreau", "+15550102000")).ConversationId;
        await inbox.ReceiveAsync("Alfred Lane", "+15550102001");
        await inbox.ReceiveAsync("Bob Stone", "+15550102002");

        (await inbox.IdsAsync(inbox.Agent, "q=ali")).ShouldBe([alice]);
        (await inbox.IdsAsync(inbox.Agent, "q=AL")).Count.ShouldBe(2);
        foreach (var phone in new[] { "+1 (555) 010-2000", "555-010-2000", "+15550102000", "5550102000" })
            (await inbox.IdsAsync(inbox.Agent, "q=" + Uri.EscapeDataString(phone))).ShouldBe([alice], phone);
        (await inbox.IdsAsync(inbox.Agent, "q=moreau")).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task Invalid_view_status_limit_or_cursor_is_a_400_naming_the_field(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        await (await inbox.Agent.Client.GetAsync("/api/v1/conversations?view=everything")).ShouldBeValidationProblemAsync("view");
        await (await inbox.Agent.Client.GetAsync("/api/v1/conversations?status=Closed")).ShouldBeValidationProblemAsync("status");
        await (await inbox.Agent.Client.GetAsync("/api/v1/conversations?status=3")).ShouldBeValidationProblemAsync("status");
        await (await inbox.Agent.Client.GetAsync("/api/v1/conversations?limit=0")).ShouldBeValidationProblemAsync("limit");
        await (await inbox.Agent.Client.GetAsync("/api/v1/conversations?limit=201")).ShouldBeValidationProblemAsync("limit");
        await (await inbox.Agent.Client.GetAsync("/api/v1/conversations?cursor=not-a-cursor")).ShouldBeValidationProblemAsync("cursor");
    }

    [ProviderFact]
    public async Task Newest_activity_comes_first_and_a_row_shows_what_the_inbox_needs(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var first = (await inbox.ReceiveAsync("Alice Moreau", "+15550100021", "My parcel is late")).ConversationId;
        var second = (await inbox.ReceiveAsync("Bob Stone", "+15550100022", "Where is my refund?")).ConversationId;
        (await inbox.IdsAsync(inbox.Agent)).ShouldBe([second, first]);

        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await inbox.AssignAsync(inbox.Admin, first, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await inbox.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{first}/messages", new { text = "On its way!" })).EnsureSuccessStatusCode();

        var rows = (await inbox.ListAsync(inbox.Admin)).Items;
        rows.Select(r => r.Id).ShouldBe([first, second]);
        rows[0].Contact.Name.ShouldBe("Alice Moreau");
        rows[0].Contact.Phone.ShouldBe("+15550100021");
        rows[0].LastMessagePreview.ShouldBe("On its way!");
        rows[0].Status.ShouldBe("Open");
        rows[0].DisplayStatus.ShouldBe("In progress");
        rows[0].Assignee.ShouldBe(new InboxFixture.Assignee(inbox.Agent.UserId, "Agnes Agent"));
        rows[0].LastActivityAt.ShouldBe(inbox.App.Now());
        rows[1].DisplayStatus.ShouldBe("New");
        rows[1].Assignee.ShouldBeNull();
        rows[1].LastMessagePreview.ShouldBe("Where is my refund?");
        rows.ShouldAllBe(r => r.Unread);
        (await inbox.ListAsync(inbox.Agent)).Items.Single(r => r.Id == first).Unread.ShouldBeTrue();
        (await inbox.ConversationRowAsync(first)).FirstReplyAt.ShouldBe(inbox.App.Now());
    }

    [ProviderFact]
    public async Task Paging_visits_every_conversation_exactly_once_even_when_one_moves_to_the_top(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var all = new List<Guid>();
        for (var i = 0; i < 7; i++)
            all.Add((await inbox.ReceiveAsync($"Customer {i}", $"+1555010003{i}")).ConversationId);

        var seen = new List<Guid>();
        var page = await inbox.ListAsync(inbox.Agent, "limit=2");
        page.Items.Count.ShouldBe(2);
        seen.AddRange(page.Items.Select(r => r.Id));
        // The newest one, already seen, gets a new message: it moves to the top, behind the cursor.
        await inbox.ReceiveAsync("Customer 6", "+15550100036", "Still there?");
        var pages = 1;
        while (page.NextCursor is { } cursor)
        {
            page = await inbox.ListAsync(inbox.Agent, $"limit=2&cursor={cursor}");
            page.Items.Count.ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(page.Items.Select(r => r.Id));
            pages++;
        }

        pages.ShouldBe(4);
        seen.ShouldBe(Enumerable.Reverse(all).ToList());
        (await inbox.IdsAsync(inbox.Agent, "limit=2"))[0].ShouldBe(all[6]);
    }

    [ProviderFact]
    public async Task Paging_in_ties_of_the_same_activity_time_still_visits_each_once(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var all = new List<Guid>();
        for (var i = 0; i < 5; i++)
            all.Add((await inbox.ReceiveAsync($"Customer {i}", $"+1555010004{i}")).ConversationId);
        // One bulk action touches all five at the same instant: five rows share LastActivityAt.
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var tagged = await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = all, action = "tag", tag = "batch" });
        tagged.EnsureSuccessStatusCode();

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await inbox.ListAsync(inbox.Admin, "limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.Items.Select(r => r.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        seen.Count.ShouldBe(5);
        seen.ShouldBe(all, ignoreOrder: true);
    }
}
