using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>
/// Who may do what to one conversation: the organisation's admin and the assignee may; an agent
/// outside the conversation's team and another organisation's admin get "not found", exactly as
/// for an id that does not exist, and nothing changes.
/// </summary>
public sealed class PermissionMatrixTests
{
    /// <summary>The conversation under test, a second one of the same contact (merge), and a note on the first.</summary>
    private sealed record Target(Guid Id, Guid Sibling, Guid NoteId);

    private sealed record Endpoint(
        string Name,
        Func<Actor, Target, InboxFixture, Task<HttpResponseMessage>> Call,
        HttpStatusCode Allowed = HttpStatusCode.OK,
        string? Prepare = null,
        HttpStatusCode AssigneeGets = 0);

    private static Task<HttpResponseMessage> Post(Actor actor, string url, object? body = null) =>
        body is null ? actor.Client.PostAsync(url, null) : actor.Client.PostAsJsonAsync(url, body);

    private static readonly Endpoint[] Endpoints =
    [
        new("GET conversation", (a, t, _) => a.Client.GetAsync($"/api/v1/conversations/{t.Id}")),
        new("GET messages", (a, t, _) => a.Client.GetAsync($"/api/v1/conversations/{t.Id}/messages")),
        new("GET events", (a, t, _) => a.Client.GetAsync($"/api/v1/conversations/{t.Id}/events")),
        new("POST messages", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/messages", new { text = "On it" }), HttpStatusCode.Created),
        new("PATCH", (a, t, _) => a.Client.PatchAsJsonAsync($"/api/v1/conversations/{t.Id}", new { subject = "Refund", tags = new[] { "billing" } })),
        new("resolve", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/resolve")),
        new("reopen", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/reopen"), Prepare: "hold"),
        new("archive", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/archive")),
        new("unarchive", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/unarchive"), Prepare: "archive"),
        new("spam", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/spam")),
        new("unspam", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/unspam"), Prepare: "spam"),
        new("irrelevant", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/irrelevant")),
        new("hold", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/hold")),
        new("end", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/end")),
        new("handover", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/handover"), Prepare: "automated"),
        new("delete", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/delete"), AssigneeGets: HttpStatusCode.Forbidden),
        // A deleted conversation is hidden from agents (SPEC §1), its assignee included.
        new("restore", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/restore"), Prepare: "delete", AssigneeGets: HttpStatusCode.NotFound),
        new("pin note", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/notes/{t.NoteId}/pin")),
        new("assign", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/assign", new { userId = a.UserId })),
        new("merge", (a, t, _) => Post(a, $"/api/v1/conversations/{t.Id}/merge", new { intoId = t.Sibling })),
        new("reminders", (a, t, i) => Post(a, $"/api/v1/conversations/{t.Id}/reminders", new { at = i.App.Now().AddHours(1), note = "Call back" }), HttpStatusCode.Created),
        new("read", (a, t, _) => Post(a, "/api/v1/conversations/read", new { ids = new[] { t.Id }, read = false })),
    ];

    [ProviderFact]
    public async Task Admins_and_the_assignee_may_act_on_a_conversation_others_get_not_found_and_nothing_changes(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db, allowSignup: true);
        var otherAdmin = await inbox.App.SignUpAsync("Globex", "hank@globex.test");
        var secondChannel = await inbox.CreateChannelAsync("Second bot", inbox.TeamId);
        var phones = 0;
        var failures = new List<string>();

        async Task<Target> NewTargetAsync(string? prepare)
        {
            var phone = $"+1555020{++phones:0000}";
            var first = await inbox.ReceiveAsync("Alice Moreau", phone, automated: prepare == "automated");
            var sibling = await inbox.ReceiveAsync("Alice Moreau", phone, channelId: secondChannel);
            foreach (var id in new[] { first.ConversationId, sibling.ConversationId })
                (await inbox.AssignAsync(inbox.Admin, id, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
            var note = await (await inbox.Admin.Client.PostAsJsonAsync($"/api/v1/conversations/{first.ConversationId}/messages", new { text = "VIP", kind = "note" }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Posted>();
            if (prepare is not (null or "automated"))
                (await inbox.ActAsync(inbox.Admin, first.ConversationId, prepare)).EnsureSuccessStatusCode();
            inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
            return new Target(first.ConversationId, sibling.ConversationId, note!.Message.Id);
        }

        foreach (var endpoint in Endpoints)
        {
            var target = await NewTargetAsync(endpoint.Prepare);
            var before = await inbox.App.SnapshotAsync();
            foreach (var (who, actor) in new[] { ("an agent outside the team", inbox.Outsider), ("another organisation's admin", otherAdmin) })
            {
                var response = await endpoint.Call(actor, target, inbox);
                if (response.StatusCode != HttpStatusCode.NotFound)
                    failures.Add($"{endpoint.Name}: {who} got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            if (await inbox.App.SnapshotAsync() != before)
                failures.Add($"{endpoint.Name}: a refused call changed rows");

            var byAdmin = await endpoint.Call(inbox.Admin, target, inbox);
            if (byAdmin.StatusCode != endpoint.Allowed)
                failures.Add($"{endpoint.Name}: the admin got {(int)byAdmin.StatusCode} {await byAdmin.Content.ReadAsStringAsync()}");

            var assigned = await NewTargetAsync(endpoint.Prepare);
            var assigneeGets = endpoint.AssigneeGets == 0 ? endpoint.Allowed : endpoint.AssigneeGets;
            before = await inbox.App.SnapshotAsync();
            var byAssignee = await endpoint.Call(inbox.Agent, assigned, inbox);
            if (byAssignee.StatusCode != assigneeGets)
                failures.Add($"{endpoint.Name}: the assignee got {(int)byAssignee.StatusCode}, expected {(int)assigneeGets} {await byAssignee.Content.ReadAsStringAsync()}");
            if (assigneeGets is HttpStatusCode.Forbidden or HttpStatusCode.NotFound && await inbox.App.SnapshotAsync() != before)
                failures.Add($"{endpoint.Name}: the assignee's refused call changed rows");
        }

        failures.ShouldBeEmpty();
    }

    private enum Who
    {
        Admin,
        Assignee,
        Teammate,
        Outsider,
        Nobody,
    }

    /// <summary>One assignment move: who asks, who holds the conversation, whom it goes to (Nobody: unassign), what they get, and the event written.</summary>
    private sealed record Move(Who Caller, Who HeldBy, Who To, HttpStatusCode Expected, ConversationEventType? Event = null, bool ToTeam = false);

    // The assignee is Agnes, the teammate Tom (both in Support, the conversation's team), the outsider Olga (in no team).
    private static readonly Move[] Moves =
    [
        new(Who.Admin, Who.Assignee, Who.Teammate, HttpStatusCode.OK, ConversationEventType.Reassigned),
        new(Who.Admin, Who.Assignee, Who.Outsider, HttpStatusCode.OK, ConversationEventType.Reassigned),
        new(Who.Admin, Who.Assignee, Who.Nobody, HttpStatusCode.OK, ConversationEventType.Unassigned),
        new(Who.Admin, Who.Nobody, Who.Teammate, HttpStatusCode.OK, ConversationEventType.Assigned),
        new(Who.Admin, Who.Assignee, Who.Nobody, HttpStatusCode.OK, ConversationEventType.MovedToTeam, ToTeam: true),
        // The assignee passes it to a teammate or gives it back; never outside the team, never to another team.
        new(Who.Assignee, Who.Assignee, Who.Teammate, HttpStatusCode.OK, ConversationEventType.Reassigned),
        new(Who.Assignee, Who.Assignee, Who.Nobody, HttpStatusCode.OK, ConversationEventType.Unassigned),
        new(Who.Assignee, Who.Assignee, Who.Outsider, HttpStatusCode.Forbidden),
        new(Who.Assignee, Who.Assignee, Who.Nobody, HttpStatusCode.Forbidden, ToTeam: true),
        // A teammate sees it but may not take it, give it away or give it back.
        new(Who.Teammate, Who.Assignee, Who.Teammate, HttpStatusCode.Forbidden),
        new(Who.Teammate, Who.Assignee, Who.Nobody, HttpStatusCode.Forbidden),
        new(Who.Teammate, Who.Assignee, Who.Outsider, HttpStatusCode.Forbidden),
        // An unassigned one: any agent who sees it takes it, for themselves only.
        new(Who.Teammate, Who.Nobody, Who.Teammate, HttpStatusCode.OK, ConversationEventType.Assigned),
        new(Who.Teammate, Who.Nobody, Who.Assignee, HttpStatusCode.Forbidden),
        // An agent of another team does not see it at all.
        new(Who.Outsider, Who.Assignee, Who.Outsider, HttpStatusCode.NotFound),
        new(Who.Outsider, Who.Assignee, Who.Nobody, HttpStatusCode.NotFound),
        new(Who.Outsider, Who.Nobody, Who.Outsider, HttpStatusCode.NotFound),
    ];

    [ProviderFact]
    public async Task Assignment_moves_follow_the_helpdesk_rule_for_admins_the_assignee_a_teammate_and_an_agent_of_another_team(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var billing = await inbox.CreateTeamAsync("Billing");
        Actor ActorOf(Who who) => who switch
        {
            Who.Admin => inbox.Admin,
            Who.Assignee => inbox.Agent,
            Who.Teammate => inbox.Teammate,
            _ => inbox.Outsider,
        };
        Guid? UserOf(Who who) => who == Who.Nobody ? null : ActorOf(who).UserId;
        var phones = 0;
        var failures = new List<string>();

        foreach (var move in Moves)
        {
            var id = (await inbox.ReceiveAsync("Alice Moreau", $"+1555030{++phones:0000}")).ConversationId;
            if (move.HeldBy != Who.Nobody)
                (await inbox.AssignAsync(inbox.Admin, id, userId: UserOf(move.HeldBy))).EnsureSuccessStatusCode();
            inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
            var before = await inbox.App.SnapshotAsync();
            var caller = ActorOf(move.Caller);
            var name = $"{move.Caller} moving {move.HeldBy}'s conversation to {(move.ToTeam ? "another team" : move.To.ToString())}";

            var response = move.ToTeam
                ? await inbox.AssignAsync(caller, id, teamId: billing)
                : await inbox.AssignAsync(caller, id, userId: UserOf(move.To) ?? Guid.Empty);

            if (response.StatusCode != move.Expected)
            {
                failures.Add($"{name}: got {(int)response.StatusCode}, expected {(int)move.Expected} {await response.Content.ReadAsStringAsync()}");
                continue;
            }
            if (move.Event is null)
            {
                if (await inbox.App.SnapshotAsync() != before)
                    failures.Add($"{name}: a refused move changed rows");
                continue;
            }
            var row = await inbox.ConversationRowAsync(id);
            var expectedAssignee = move.ToTeam ? null : UserOf(move.To);
            if (row.AssigneeId != expectedAssignee || row.TeamId != (move.ToTeam ? billing : inbox.TeamId))
                failures.Add($"{name}: the row holds assignee {row.AssigneeId} in team {row.TeamId}");
            var written = await inbox.App.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.ConversationId == id && e.CreatedAt == inbox.App.Now()).ToListAsync());
            if (!written.Any(e => e.Type == move.Event && e.ActorUserId == caller.UserId))
                failures.Add($"{name}: no {move.Event} event by the caller, got {string.Join(", ", written.Select(e => e.Type))}");
        }

        failures.ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task Bulk_assign_and_team_follow_the_same_rules_per_conversation(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var billing = await inbox.CreateTeamAsync("Billing");
        var agnes = (await inbox.ReceiveAsync("Alice Moreau", "+15550309001")).ConversationId;
        var toms = (await inbox.ReceiveAsync("Bob Stone", "+15550309002")).ConversationId;
        var nobodys = (await inbox.ReceiveAsync("Cleo Park", "+15550309003")).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, agnes, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        (await inbox.AssignAsync(inbox.Admin, toms, userId: inbox.Teammate.UserId)).EnsureSuccessStatusCode();
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var tomsBefore = await inbox.ConversationRowAsync(toms);

        // Agnes passes what she holds to Tom, takes what nobody holds, and can neither reassign nor take Tom's own.
        var response = await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { agnes, toms }, action = "assign", userId = inbox.Teammate.UserId });
        var results = (await response.Content.ReadFromJsonAsync<InboxFixture.BulkResponse>())!.Results;
        results.Select(r => (r.Id, r.Ok)).ShouldBe([(agnes, true), (toms, false)]);
        response = await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { nobodys, toms }, action = "assign", userId = inbox.Agent.UserId });
        results = (await response.Content.ReadFromJsonAsync<InboxFixture.BulkResponse>())!.Results;
        results.Select(r => (r.Id, r.Ok)).ShouldBe([(nobodys, true), (toms, false)]);
        results[1].Error.ShouldNotBeNullOrWhiteSpace();

        (await inbox.ConversationRowAsync(agnes)).AssigneeId.ShouldBe(inbox.Teammate.UserId);
        (await inbox.ConversationRowAsync(nobodys)).AssigneeId.ShouldBe(inbox.Agent.UserId);
        (await inbox.ConversationRowAsync(toms)).ShouldSatisfyAllConditions(
            row => row.AssigneeId.ShouldBe(inbox.Teammate.UserId),
            row => row.Version.ShouldBe(tomsBefore.Version));

        // Team moves are admins': an agent's bulk team is refused whole.
        var before = await inbox.App.SnapshotAsync();
        await (await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { nobodys }, action = "team", teamId = billing }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await inbox.App.SnapshotAsync()).ShouldBe(before);
        response = await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { nobodys }, action = "team", teamId = billing });
        (await response.Content.ReadFromJsonAsync<InboxFixture.BulkResponse>())!.Results.ShouldHaveSingleItem().Ok.ShouldBeTrue();
        (await inbox.ConversationRowAsync(nobodys)).ShouldSatisfyAllConditions(row => row.TeamId.ShouldBe(billing), row => row.AssigneeId.ShouldBeNull());
    }

    [ProviderFact]
    public async Task Bulk_gives_not_found_per_id_to_those_who_cannot_see_the_conversation_and_changes_nothing(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db, allowSignup: true);
        var otherAdmin = await inbox.App.SignUpAsync("Globex", "hank@globex.test");
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550209001")).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, id, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = await inbox.App.SnapshotAsync();

        foreach (var actor in new[] { inbox.Outsider, otherAdmin })
            foreach (var action in new[] { "read", "unread", "resolve", "reopen", "archive", "unarchive", "spam", "tag", "assign" })
            {
                var response = await actor.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { id }, action, tag = "vip", userId = actor.UserId });
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                var outcome = (await response.Content.ReadFromJsonAsync<InboxFixture.BulkResponse>())!.Results.ShouldHaveSingleItem();
                outcome.Ok.ShouldBeFalse();
                outcome.Error.ShouldBe("The conversation was not found.");
            }
        (await inbox.App.SnapshotAsync()).ShouldBe(before);

        foreach (var actor in new[] { inbox.Admin, inbox.Agent })
        {
            var response = await actor.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { id }, action = "tag", tag = actor == inbox.Admin ? "admin" : "agent" });
            (await response.Content.ReadFromJsonAsync<InboxFixture.BulkResponse>())!.Results.ShouldHaveSingleItem().Ok.ShouldBeTrue();
        }
        (await inbox.OpenAsync(inbox.Admin, id)).Tags.ShouldBe(["admin", "agent"]);
    }
}
