using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using Parley.Live;
using Parley.Tests.Live;
using Parley.Audit;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>
/// SPEC §2: admins assign from any inbox; agents take unassigned conversations, pass their own to a
/// teammate, or give them back. A move to another team clears an assignee outside it, and is told live.
/// </summary>
public sealed class AssignmentTests
{
    [ProviderFact]
    public async Task An_admin_assigns_reassigns_and_unassigns_and_the_new_assignee_finds_it_unread_in_their_inbox(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100201")).ConversationId;
        await inbox.OpenAsync(inbox.Agent, id);
        (await inbox.IsUnreadForAsync(inbox.Agent, id)).ShouldBeFalse();

        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var assigned = await inbox.AssignAsync(inbox.Admin, id, userId: inbox.Agent.UserId);

        assigned.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await inbox.ConversationRowAsync(id)).AssigneeId.ShouldBe(inbox.Agent.UserId);
        (await inbox.ReadRowAsync(id, inbox.Agent.UserId))!.MarkedUnread.ShouldBeTrue();
        (await inbox.ListAsync(inbox.Agent, "view=mine")).Items.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            row => row.Id.ShouldBe(id),
            row => row.Unread.ShouldBeTrue(),
            row => row.Assignee!.Name.ShouldBe("Agnes Agent"));
        (await inbox.ConversationRowAsync(id)).LastActivityAt.ShouldBe(inbox.App.Now());

        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await inbox.AssignAsync(inbox.Admin, id, userId: inbox.Teammate.UserId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await inbox.IdsAsync(inbox.Teammate, "view=mine")).ShouldBe([id]);
        (await inbox.IdsAsync(inbox.Agent, "view=mine")).ShouldBeEmpty();
        (await inbox.ReadRowAsync(id, inbox.Teammate.UserId))!.MarkedUnread.ShouldBeTrue();

        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await inbox.AssignAsync(inbox.Admin, id, userId: Guid.Empty)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await inbox.ConversationRowAsync(id)).AssigneeId.ShouldBeNull();
        (await inbox.IdsAsync(inbox.Teammate, "view=mine")).ShouldBeEmpty();

        (await inbox.EventTypesAsync(id)).ShouldBe([ConversationEventType.Created, ConversationEventType.Assigned, ConversationEventType.Reassigned, ConversationEventType.Unassigned]);
    }

    [ProviderFact]
    public async Task An_admin_moves_a_conversation_to_another_team(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var billing = await inbox.CreateTeamAsync("Billing", inbox.Outsider.UserId);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100202")).ConversationId;
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));

        var moved = await inbox.AssignAsync(inbox.Admin, id, teamId: billing);

        moved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await inbox.ConversationRowAsync(id)).TeamId.ShouldBe(billing);
        (await inbox.EventTypesAsync(id)).ShouldBe([ConversationEventType.Created, ConversationEventType.MovedToTeam]);
        (await inbox.IdsAsync(inbox.Outsider, "view=team")).ShouldBe([id]);
        (await inbox.IdsAsync(inbox.Admin, $"view=team&teamId={billing}")).ShouldBe([id]);
    }

    [ProviderFact]
    public async Task An_agent_takes_an_unassigned_conversation_of_their_team_for_themselves(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100203")).ConversationId;
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));

        var taken = await inbox.AssignAsync(inbox.Agent, id, userId: inbox.Agent.UserId);

        taken.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await inbox.ConversationRowAsync(id)).AssigneeId.ShouldBe(inbox.Agent.UserId);
        (await inbox.IdsAsync(inbox.Agent, "view=mine")).ShouldBe([id]);
        (await inbox.EventTypesAsync(id)).ShouldBe([ConversationEventType.Created, ConversationEventType.Assigned]);
        // Taking it is not being handed something new: no "unread" mark for the taker.
        (await inbox.App.QueryAsync(d => d.ConversationReads.IgnoreQueryFilters().AnyAsync(r => r.ConversationId == id && r.UserId == inbox.Agent.UserId && r.MarkedUnread))).ShouldBeFalse();
    }

    [ProviderFact]
    public async Task An_agent_cannot_give_away_steal_or_reach_a_conversation_and_nothing_changes(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var open = (await inbox.ReceiveAsync("Alice Moreau", "+15550100204")).ConversationId;
        var taken = (await inbox.ReceiveAsync("Bob Stone", "+15550100205")).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, taken, userId: inbox.Teammate.UserId)).EnsureSuccessStatusCode();
        var billing = await inbox.CreateTeamAsync("Billing");
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = await inbox.App.SnapshotAsync();

        await (await inbox.AssignAsync(inbox.Agent, open, userId: inbox.Teammate.UserId)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await inbox.AssignAsync(inbox.Agent, open, userId: inbox.Agent.UserId, teamId: billing)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await inbox.AssignAsync(inbox.Agent, open, teamId: billing)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await inbox.AssignAsync(inbox.Agent, taken, userId: inbox.Agent.UserId)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await inbox.AssignAsync(inbox.Agent, taken, userId: Guid.Empty)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await inbox.Agent.Client.PatchAsJsonAsync($"/api/v1/conversations/{open}", new { teamId = billing })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await inbox.AssignAsync(inbox.Outsider, open, userId: inbox.Outsider.UserId)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await inbox.AssignAsync(inbox.Admin, open, userId: Guid.NewGuid())).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await inbox.App.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task An_agent_passes_their_conversation_to_a_teammate_who_gives_it_back(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100206")).ConversationId;
        (await inbox.AssignAsync(inbox.Agent, id, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        await using var teammateStream = await LiveStreamClient.OpenAsync(inbox.Teammate.Client);
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));

        var passed = await inbox.AssignAsync(inbox.Agent, id, userId: inbox.Teammate.UserId);

        passed.StatusCode.ShouldBe(HttpStatusCode.OK, await passed.Content.ReadAsStringAsync());
        (await passed.Content.ReadFromJsonAsync<InboxFixture.Detail>())!.Assignee!.Name.ShouldBe("Tom Teammate");
        var notice = await teammateStream.NextAsync(LiveEvent.Assigned);
        (notice.Type, notice.ConversationId, notice.ForUserId).ShouldBe((LiveEvent.Assigned, id, inbox.Teammate.UserId));
        (await inbox.ConversationRowAsync(id)).ShouldSatisfyAllConditions(
            row => row.AssigneeId.ShouldBe(inbox.Teammate.UserId),
            row => row.TeamId.ShouldBe(inbox.TeamId));
        (await inbox.ReadRowAsync(id, inbox.Teammate.UserId))!.MarkedUnread.ShouldBeTrue();
        (await inbox.ListAsync(inbox.Teammate, "view=mine")).Items.ShouldHaveSingleItem().ShouldSatisfyAllConditions(row => row.Id.ShouldBe(id), row => row.Unread.ShouldBeTrue());

        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        (await inbox.AssignAsync(inbox.Teammate, id, userId: Guid.Empty)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await inbox.ConversationRowAsync(id)).ShouldSatisfyAllConditions(
            row => row.AssigneeId.ShouldBeNull(),
            row => row.TeamId.ShouldBe(inbox.TeamId));
        (await inbox.IdsAsync(inbox.Agent, "view=unassigned")).ShouldBe([id]);
        var trail = await inbox.App.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().AsNoTracking().Where(e => e.ConversationId == id).ToListAsync());
        trail.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Select(e => (e.Type, e.ActorUserId)).ShouldBe([
            (ConversationEventType.Created, null),
            (ConversationEventType.Assigned, inbox.Agent.UserId),
            (ConversationEventType.Reassigned, inbox.Agent.UserId),
            (ConversationEventType.Unassigned, inbox.Teammate.UserId),
        ]);
    }

    [ProviderFact]
    public async Task An_agent_passes_only_to_a_teammate_who_is_in_the_conversations_team(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100207")).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, id, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = await inbox.App.SnapshotAsync();

        // Olga shares no team with Agnes.
        await (await inbox.AssignAsync(inbox.Agent, id, userId: inbox.Outsider.UserId)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await inbox.App.SnapshotAsync()).ShouldBe(before);
        // Now she does (Billing), but the conversation belongs to Support, which she is not in.
        await inbox.CreateTeamAsync("Billing", inbox.Agent.UserId, inbox.Outsider.UserId);
        before = await inbox.App.SnapshotAsync();
        await (await inbox.AssignAsync(inbox.Agent, id, userId: inbox.Outsider.UserId)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await inbox.App.SnapshotAsync()).ShouldBe(before);
        // Out of any team, a teammate of any of Agnes's teams may take it over.
        (await inbox.Admin.Client.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { teamId = Guid.Empty })).EnsureSuccessStatusCode();

        (await inbox.AssignAsync(inbox.Agent, id, userId: inbox.Outsider.UserId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await inbox.ConversationRowAsync(id)).AssigneeId.ShouldBe(inbox.Outsider.UserId);
        (await inbox.IdsAsync(inbox.Outsider, "view=mine")).ShouldBe([id]);
    }

    [ProviderFact]
    public async Task A_move_to_another_team_clears_an_assignee_outside_it_and_tells_both_teams_live(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var billing = await inbox.CreateTeamAsync("Billing", inbox.Outsider.UserId);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100208")).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, id, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        await using var oldTeam = await LiveStreamClient.OpenAsync(inbox.Teammate.Client);
        await using var newTeam = await LiveStreamClient.OpenAsync(inbox.Outsider.Client);
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));

        var moved = await inbox.Admin.Client.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { teamId = billing });

        moved.StatusCode.ShouldBe(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        var detail = (await moved.Content.ReadFromJsonAsync<InboxFixture.Detail>())!;
        (detail.TeamId, detail.Assignee).ShouldBe((billing, null));
        foreach (var stream in new[] { oldTeam, newTeam })
        {
            var notice = await stream.NextAsync(LiveEvent.Moved);
            (notice.Type, notice.ConversationId).ShouldBe((LiveEvent.Moved, id));
            notice.Data.GetProperty("teamId").GetGuid().ShouldBe(billing);
        }
        (await inbox.ConversationRowAsync(id)).ShouldSatisfyAllConditions(row => row.TeamId.ShouldBe(billing), row => row.AssigneeId.ShouldBeNull());
        (await inbox.EventTypesAsync(id)).ShouldBe([ConversationEventType.Created, ConversationEventType.Assigned, ConversationEventType.MovedToTeam, ConversationEventType.Unassigned]);
        (await inbox.IdsAsync(inbox.Outsider, "view=unassigned")).ShouldBe([id]);
        (await inbox.IdsAsync(inbox.Teammate, "view=team")).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task A_move_keeps_an_assignee_who_is_a_member_of_the_new_team(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var escalations = await inbox.CreateTeamAsync("Escalations", inbox.Teammate.UserId);
        var byAssign = (await inbox.ReceiveAsync("Alice Moreau", "+15550100209")).ConversationId;
        var byBulk = (await inbox.ReceiveAsync("Bob Stone", "+15550100210")).ConversationId;
        foreach (var id in new[] { byAssign, byBulk })
            (await inbox.AssignAsync(inbox.Admin, id, userId: inbox.Teammate.UserId)).EnsureSuccessStatusCode();
        await using var teammate = await LiveStreamClient.OpenAsync(inbox.Teammate.Client);
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));

        (await inbox.AssignAsync(inbox.Admin, byAssign, teamId: escalations)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var bulk = await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { byBulk }, action = "team", teamId = escalations });

        (await bulk.Content.ReadFromJsonAsync<InboxFixture.BulkResponse>())!.Results.ShouldHaveSingleItem().Ok.ShouldBeTrue();
        foreach (var id in new[] { byAssign, byBulk })
        {
            var notice = await teammate.NextAsync();
            (notice.Type, notice.ConversationId).ShouldBe((LiveEvent.Moved, id));
            (await inbox.ConversationRowAsync(id)).ShouldSatisfyAllConditions(row => row.TeamId.ShouldBe(escalations), row => row.AssigneeId.ShouldBe(inbox.Teammate.UserId));
            (await inbox.EventTypesAsync(id)).ShouldBe([ConversationEventType.Created, ConversationEventType.Assigned, ConversationEventType.MovedToTeam]);
        }
        (await inbox.IdsAsync(inbox.Teammate, "view=mine")).ShouldBe([byBulk, byAssign]);
    }
}
