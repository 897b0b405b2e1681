using Microsoft.EntityFrameworkCore;
using System.Net;
using Parley.Audit;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>SPEC §2: admins assign from any inbox; agents only take unassigned ones for themselves.</summary>
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
        await (await inbox.AssignAsync(inbox.Agent, taken, userId: inbox.Agent.UserId)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await inbox.AssignAsync(inbox.Outsider, open, userId: inbox.Outsider.UserId)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await inbox.AssignAsync(inbox.Admin, open, userId: Guid.NewGuid())).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await inbox.App.SnapshotAsync()).ShouldBe(before);
    }
}
