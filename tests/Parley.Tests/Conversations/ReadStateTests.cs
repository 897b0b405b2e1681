using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>SPEC §2: read/unread is per user; viewed indicators record each teammate's first view.</summary>
public sealed class ReadStateTests
{
    [ProviderFact]
    public async Task Opening_a_conversation_makes_it_read_for_the_opener_only_until_the_customer_writes_again(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100101")).ConversationId;
        (await inbox.IsUnreadForAsync(inbox.Agent, id)).ShouldBeTrue();

        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var opened = await inbox.OpenAsync(inbox.Agent, id);

        opened.Unread.ShouldBeFalse();
        (await inbox.IsUnreadForAsync(inbox.Agent, id)).ShouldBeFalse();
        (await inbox.IsUnreadForAsync(inbox.Teammate, id)).ShouldBeTrue();
        (await inbox.IsUnreadForAsync(inbox.Admin, id)).ShouldBeTrue();
        var reads = await inbox.ReadRowsAsync(id);
        reads.Select(r => r.UserId).ShouldBe([inbox.Agent.UserId]);
        reads[0].ReadAt.ShouldBe(inbox.App.Now());
        reads[0].MarkedUnread.ShouldBeFalse();

        await inbox.ReceiveAsync("Alice Moreau", "+15550100101", "Anyone?");
        (await inbox.IsUnreadForAsync(inbox.Agent, id)).ShouldBeTrue();
        (await inbox.IdsAsync(inbox.Agent, "unread=true")).ShouldContain(id);
    }

    [ProviderFact]
    public async Task An_admin_opening_an_agents_conversation_leaves_the_agents_read_state_alone(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100102")).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, id, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        var agentBefore = await inbox.ReadRowAsync(id, inbox.Agent.UserId);

        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await inbox.OpenAsync(inbox.Admin, id)).Unread.ShouldBeFalse();

        (await inbox.ReadRowAsync(id, inbox.Agent.UserId)).ShouldBeEquivalentTo(agentBefore);
        agentBefore!.MarkedUnread.ShouldBeTrue();
        (await inbox.IsUnreadForAsync(inbox.Agent, id)).ShouldBeTrue();
        (await inbox.ReadRowAsync(id, inbox.Admin.UserId))!.ReadAt.ShouldBe(inbox.App.Now());
    }

    [ProviderFact]
    public async Task The_detail_shows_whether_the_assignee_has_read_it_and_only_the_assignee_or_an_explicit_mark_changes_that(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100109")).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, id, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        var agentBefore = await inbox.ReadRowAsync(id, inbox.Agent.UserId);

        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var byAdmin = await inbox.OpenAsync(inbox.Admin, id);
        byAdmin.Unread.ShouldBeFalse();
        byAdmin.AssigneeUnread.ShouldBe(true);
        (await inbox.OpenAsync(inbox.Admin, id)).AssigneeUnread.ShouldBe(true);
        (await inbox.ReadRowAsync(id, inbox.Agent.UserId)).ShouldBeEquivalentTo(agentBefore);
        (await inbox.IsUnreadForAsync(inbox.Agent, id)).ShouldBeTrue();

        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var byAgent = await inbox.OpenAsync(inbox.Agent, id);
        byAgent.Unread.ShouldBeFalse();
        byAgent.AssigneeUnread.ShouldBe(false);
        (await inbox.OpenAsync(inbox.Admin, id)).AssigneeUnread.ShouldBe(false);

        (await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { id }, read = false, forUserId = inbox.Agent.UserId }))
            .EnsureSuccessStatusCode();
        var afterMark = await inbox.OpenAsync(inbox.Admin, id);
        afterMark.AssigneeUnread.ShouldBe(true);
        afterMark.Unread.ShouldBeFalse();
        (await inbox.IsUnreadForAsync(inbox.Agent, id)).ShouldBeTrue();
        (await inbox.ReadRowAsync(id, inbox.Agent.UserId))!.MarkedUnread.ShouldBeTrue();

        // The customer writing again after the agent caught up makes it unread for the agent, as their inbox shows.
        await inbox.OpenAsync(inbox.Agent, id);
        (await inbox.OpenAsync(inbox.Admin, id)).AssigneeUnread.ShouldBe(false);
        await inbox.ReceiveAsync("Alice Moreau", "+15550100109", "Anyone?");
        (await inbox.OpenAsync(inbox.Admin, id)).AssigneeUnread.ShouldBe(true);
        (await inbox.IsUnreadForAsync(inbox.Agent, id)).ShouldBeTrue();
    }

    [ProviderFact]
    public async Task An_unassigned_conversation_has_no_assignee_read_state(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100110")).ConversationId;

        (await inbox.OpenAsync(inbox.Admin, id)).AssigneeUnread.ShouldBeNull();
        (await inbox.OpenAsync(inbox.Agent, id)).AssigneeUnread.ShouldBeNull();
    }

    [ProviderFact]
    public async Task Marking_read_or_unread_changes_only_the_callers_row(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var one = (await inbox.ReceiveAsync("Alice Moreau", "+15550100103")).ConversationId;
        var two = (await inbox.ReceiveAsync("Bob Stone", "+15550100104")).ConversationId;
        await inbox.OpenAsync(inbox.Teammate, one);
        var teammateRow = await inbox.ReadRowAsync(one, inbox.Teammate.UserId);

        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var read = await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { one, two }, read = true });
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await inbox.IdsAsync(inbox.Agent, "unread=true")).ShouldBeEmpty();
        (await inbox.ReadRowAsync(two, inbox.Agent.UserId))!.ReadAt.ShouldBe(inbox.App.Now());

        (await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { one }, read = false })).EnsureSuccessStatusCode();
        (await inbox.IdsAsync(inbox.Agent, "unread=true")).ShouldBe([one]);
        (await inbox.ReadRowAsync(one, inbox.Agent.UserId))!.MarkedUnread.ShouldBeTrue();

        (await inbox.ReadRowAsync(one, inbox.Teammate.UserId)).ShouldBeEquivalentTo(teammateRow);
        (await inbox.ReadRowAsync(one, inbox.Admin.UserId)).ShouldBeNull();
        (await inbox.IsUnreadForAsync(inbox.Teammate, one)).ShouldBeFalse();
        (await inbox.IsUnreadForAsync(inbox.Teammate, two)).ShouldBeTrue();
    }

    [ProviderFact]
    public async Task An_admin_marks_for_a_named_user_and_only_that_users_row_changes(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100105")).ConversationId;
        await inbox.OpenAsync(inbox.Agent, id);
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));

        var response = await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { id }, read = false, forUserId = inbox.Agent.UserId });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await inbox.IsUnreadForAsync(inbox.Agent, id)).ShouldBeTrue();
        (await inbox.ReadRowsAsync(id)).Select(r => (r.UserId, r.MarkedUnread)).ShouldBe([(inbox.Agent.UserId, true)]);
    }

    [ProviderFact]
    public async Task An_agent_cannot_mark_for_someone_else_nor_mark_conversations_they_cannot_see(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100106")).ConversationId;
        var before = await inbox.App.SnapshotAsync();

        await (await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { id }, read = true, forUserId = inbox.Teammate.UserId }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await inbox.Outsider.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { id }, read = true }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        // One unseeable id among seeable ones refuses the whole request.
        var unseeable = (await inbox.ReceiveAsync("Bob Stone", "+15550100107", channelId: await inbox.CreateChannelAsync("Unrouted", null))).ConversationId;
        before = await inbox.App.SnapshotAsync();
        await (await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { id, unseeable }, read = true }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { Guid.NewGuid() }, read = true }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await inbox.App.SnapshotAsync()).ShouldBe(before);
        (await inbox.ReadRowsAsync(id)).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task Viewed_indicators_are_written_once_per_user_per_customer_message(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var first = await inbox.ReceiveAsync("Alice Moreau", "+15550100108", "Hello?");
        (await inbox.Admin.Client.PostAsJsonAsync($"/api/v1/conversations/{first.ConversationId}/messages", new { text = "Hi Alice" })).EnsureSuccessStatusCode();
        var firstViewAt = inbox.App.Now();
        await inbox.OpenAsync(inbox.Agent, first.ConversationId);
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await inbox.OpenAsync(inbox.Agent, first.ConversationId);
        var second = await inbox.ReceiveAsync("Alice Moreau", "+15550100108", "Still there?");
        await inbox.OpenAsync(inbox.Agent, first.ConversationId);
        await inbox.OpenAsync(inbox.Teammate, first.ConversationId);

        var views = await inbox.ViewRowsAsync(first.ConversationId);
        views.Select(v => (v.UserId, v.MessageId)).ShouldBe(
            [(inbox.Agent.UserId, first.MessageId), (inbox.Agent.UserId, second.MessageId), (inbox.Teammate.UserId, first.MessageId), (inbox.Teammate.UserId, second.MessageId)],
            ignoreOrder: true);
        views.Single(v => v.UserId == inbox.Agent.UserId && v.MessageId == first.MessageId).ViewedAt.ShouldBe(firstViewAt);
        views.Single(v => v.UserId == inbox.Agent.UserId && v.MessageId == second.MessageId).ViewedAt.ShouldBe(inbox.App.Now());

        var messages = await inbox.Admin.Client.GetFromJsonAsync<Json.Page<Json.Message>>($"/api/v1/conversations/{first.ConversationId}/messages");
        messages!.Items.Single(m => m.Id == first.MessageId).ViewedBy.Select(v => v.UserId).ShouldBe([inbox.Agent.UserId, inbox.Teammate.UserId], ignoreOrder: true);
        messages.Items.Single(m => m.Direction == "Out").ViewedBy.ShouldBeEmpty();
    }
}
