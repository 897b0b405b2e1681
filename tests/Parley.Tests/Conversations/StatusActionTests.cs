using System.Net;
using System.Net.Http.Json;
using Parley.Audit;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>
/// The status actions of the conversation window (SPEC §1, §4): each moves the status only from
/// the statuses its rule allows, writes exactly one event and moves LastActivityAt; a refused
/// action is a 409 that changes nothing.
/// </summary>
public sealed class StatusActionTests
{
    /// <summary>Every action route, from a status it is allowed from, what it moves to, and the event it writes.</summary>
    public static readonly (string Action, string From, string To, ConversationEventType Event, bool AdminOnly)[] Allowed =
    [
        ("resolve", "Open", "Resolved", ConversationEventType.Resolved, false),
        ("reopen", "Resolved", "Open", ConversationEventType.Reopened, false),
        ("archive", "Open", "Archived", ConversationEventType.Archived, false),
        ("unarchive", "Archived", "Open", ConversationEventType.Unarchived, false),
        ("spam", "Open", "Irrelevant", ConversationEventType.SpamMarked, false),
        ("unspam", "Spam", "Open", ConversationEventType.SpamUnmarked, false),
        ("irrelevant", "Open", "Irrelevant", ConversationEventType.MarkedIrrelevant, false),
        ("hold", "Open", "Pending", ConversationEventType.PutOnHold, false),
        ("end", "Pending", "Resolved", ConversationEventType.ChatEnded, false),
        ("handover", "Automated", "Open", ConversationEventType.BotHandover, false),
        ("delete", "Pending", "Deleted", ConversationEventType.Deleted, true),
        ("restore", "Deleted", "Open", ConversationEventType.Restored, true),
    ];

    /// <summary>Every action route, from a status its rule refuses.</summary>
    public static readonly (string Action, string From)[] Refused =
    [
        ("resolve", "Archived"),
        ("reopen", "Open"),
        ("reopen", "Archived"),
        ("archive", "Archived"),
        ("unarchive", "Resolved"),
        ("spam", "Spam"),
        ("unspam", "Irrelevant"),
        ("irrelevant", "Irrelevant"),
        ("hold", "Resolved"),
        ("end", "Resolved"),
        ("handover", "Open"),
        ("delete", "Deleted"),
        ("restore", "Open"),
    ];

    [Fact]
    public void The_cases_cover_every_action_route()
    {
        Allowed.Select(c => c.Action).Order().ShouldBe(ChangeStatus.Actions.Keys.Order());
        Refused.Select(c => c.Action).Distinct().Order().ShouldBe(ChangeStatus.Actions.Keys.Order());
        Allowed.Where(c => c.AdminOnly).Select(c => c.Action).Order().ShouldBe(ChangeStatus.Actions.Where(a => a.Value).Select(a => a.Key).Order());
    }

    [ProviderFact]
    public async Task Every_action_moves_the_status_and_writes_exactly_one_event_by_the_user(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        foreach (var (action, from, to, type, adminOnly) in Allowed)
        {
            var id = await f.ConversationInAsync(from);
            var actor = adminOnly ? f.Admin : f.Agent;
            var eventsBefore = await f.EventsAsync(id);
            f.App.Clock.Advance(TimeSpan.FromMinutes(3));

            var shown = await f.ActAsync(actor, id, action);

            shown.Status.ShouldBe(to, action);
            shown.DisplayStatus.ShouldBe(to == "Open" ? "New" : to, action);
            shown.LastActivityAt.ShouldBe(f.App.Now(), action);
            var row = await f.RowAsync(id);
            row.Status.ToString().ShouldBe(to, action);
            row.LastActivityAt.ShouldBe(f.App.Now(), action);
            row.IsSpam.ShouldBe(action == "spam", action);
            var written = await f.ShouldHaveWrittenOneEventAsync(id, eventsBefore, type, actor.UserId);
            written.Payload.ShouldNotBeNull().ShouldContain($"\"to\":\"{to}\"", Case.Sensitive, action);
        }
    }

    [ProviderFact]
    public async Task Every_action_from_a_status_its_rule_refuses_is_a_409_that_changes_nothing(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        foreach (var (action, from) in Refused)
        {
            var id = await f.ConversationInAsync(from);
            f.App.Clock.Advance(TimeSpan.FromMinutes(3));
            var before = await f.App.SnapshotAsync();

            var response = await f.Admin.Client.PostAsync($"/api/v1/conversations/{id}/{action}", null);

            await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            (await f.App.SnapshotAsync()).ShouldBe(before, $"{action} from {from} changed rows");
        }
    }

    [ProviderFact]
    public async Task Unarchive_restores_the_status_the_conversation_had_before(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Pending");

        var archived = await f.ActAsync(f.Agent, id, "archive");
        archived.Status.ShouldBe("Archived");
        archived.PreviousStatus.ShouldBe("Pending");
        (await f.RowAsync(id)).PreviousStatus.ShouldBe(ConversationStatus.Pending);

        var unarchived = await f.ActAsync(f.Agent, id, "unarchive");

        unarchived.Status.ShouldBe("Pending");
        unarchived.PreviousStatus.ShouldBeNull();
        var row = await f.RowAsync(id);
        row.Status.ShouldBe(ConversationStatus.Pending);
        row.PreviousStatus.ShouldBeNull();
    }

    [ProviderFact]
    public async Task Only_admins_delete_and_restore_and_restore_returns_the_status_before_the_delete(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Resolved");

        var before = await f.App.SnapshotAsync();
        await (await f.Agent.Client.PostAsync($"/api/v1/conversations/{id}/delete", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await f.App.SnapshotAsync()).ShouldBe(before);

        (await f.ActAsync(f.Admin, id, "delete")).Status.ShouldBe("Deleted");
        // A deleted conversation is hidden from agents (SPEC §1), so to them it does not exist to restore.
        await (await f.Agent.Client.GetAsync($"/api/v1/conversations/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        before = await f.App.SnapshotAsync();
        await (await f.Agent.Client.PostAsync($"/api/v1/conversations/{id}/restore", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await f.App.SnapshotAsync()).ShouldBe(before);

        var eventsBefore = await f.EventsAsync(id);
        var restored = await f.ActAsync(f.Admin, id, "restore");

        restored.Status.ShouldBe("Resolved");
        var row = await f.RowAsync(id);
        row.Status.ShouldBe(ConversationStatus.Resolved);
        row.DeletedFrom.ShouldBeNull();
        await f.ShouldHaveWrittenOneEventAsync(id, eventsBefore, ConversationEventType.Restored, f.Admin.UserId);
    }

    [ProviderFact]
    public async Task Patching_tags_adds_and_removes_each_tag_with_its_own_event(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Open");

        var eventsBefore = await f.EventsAsync(id);
        f.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var tagged = await PatchAsync(f.Agent, id, new { tags = new[] { "billing", "VIP" } });

        tagged.Tags.ShouldBe(["billing", "vip"]);
        tagged.LastActivityAt.ShouldBe(f.App.Now());
        (await f.RowAsync(id)).Tags.Select(t => t.Tag).Order().ShouldBe(["billing", "vip"]);
        var added = await f.NewEventsAsync(id, eventsBefore);
        added.Select(e => e.Type).ShouldBe([ConversationEventType.TagAdded, ConversationEventType.TagAdded]);
        added.ShouldAllBe(e => e.ActorUserId == f.Agent.UserId);
        added.Select(e => e.Payload).Order().ShouldBe(["{\"tag\":\"billing\"}", "{\"tag\":\"vip\"}"]);

        eventsBefore = await f.EventsAsync(id);
        f.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var retagged = await PatchAsync(f.Agent, id, new { tags = new[] { "vip", "refund" } });

        retagged.Tags.ShouldBe(["refund", "vip"]);
        (await f.RowAsync(id)).Tags.Select(t => t.Tag).Order().ShouldBe(["refund", "vip"]);
        var changed = await f.NewEventsAsync(id, eventsBefore);
        changed.Select(e => (e.Type, e.Payload)).OrderBy(e => e.Type).ShouldBe(
            [(ConversationEventType.TagAdded, "{\"tag\":\"refund\"}"), (ConversationEventType.TagRemoved, "{\"tag\":\"billing\"}")]);
        (await f.RowAsync(id)).LastActivityAt.ShouldBe(f.App.Now());
    }

    [ProviderFact]
    public async Task Tags_of_a_resolved_conversation_are_locked(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Open");
        await PatchAsync(f.Agent, id, new { tags = new[] { "billing" } });
        await f.ActAsync(f.Agent, id, "resolve");
        f.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var before = await f.App.SnapshotAsync();

        var adding = await f.Agent.Client.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { tags = new[] { "billing", "late" } });
        var removing = await f.Agent.Client.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { tags = Array.Empty<string>() });

        await adding.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await removing.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await f.App.SnapshotAsync()).ShouldBe(before);
        (await f.RowAsync(id)).Tags.Select(t => t.Tag).ShouldBe(["billing"]);
    }

    [ProviderFact]
    public async Task A_resolved_conversation_can_still_be_edited_with_its_tags_sent_unchanged(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Open");
        await PatchAsync(f.Agent, id, new { tags = new[] { "billing" } });
        await f.ActAsync(f.Agent, id, "resolve");
        var eventsBefore = await f.EventsAsync(id);
        f.App.Clock.Advance(TimeSpan.FromMinutes(5));

        // A form sends back the whole conversation: the tags are the locked ones, untouched.
        var edited = await PatchAsync(f.Agent, id, new { subject = "Refund done", tags = new[] { "Billing" } });

        edited.Subject.ShouldBe("Refund done");
        edited.Tags.ShouldBe(["billing"]);
        (await f.RowAsync(id)).Tags.Select(t => t.Tag).ShouldBe(["billing"]);
        await f.ShouldHaveWrittenOneEventAsync(id, eventsBefore, ConversationEventType.SubjectEdited, f.Agent.UserId);
    }

    [ProviderFact]
    public async Task Editing_subject_priority_and_team_writes_one_event_each(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Open");
        var other = await (await f.Admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = "Billing" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.Team>();

        var steps = new (object Body, ConversationEventType Event)[]
        {
            (new { subject = "Refund for order 1042" }, ConversationEventType.SubjectEdited),
            (new { priority = "urgent" }, ConversationEventType.PriorityChanged),
            (new { teamId = other!.Id }, ConversationEventType.MovedToTeam),
        };
        foreach (var (body, type) in steps)
        {
            var eventsBefore = await f.EventsAsync(id);
            f.App.Clock.Advance(TimeSpan.FromMinutes(7));

            var shown = await PatchAsync(f.Admin, id, body);

            shown.LastActivityAt.ShouldBe(f.App.Now());
            (await f.RowAsync(id)).LastActivityAt.ShouldBe(f.App.Now());
            await f.ShouldHaveWrittenOneEventAsync(id, eventsBefore, type, f.Admin.UserId);
        }

        var row = await f.RowAsync(id);
        row.Subject.ShouldBe("Refund for order 1042");
        row.Priority.ShouldBe(Priority.Urgent);
        row.TeamId.ShouldBe(other.Id);

        // Sending the same values again is no change: no event, and the clock of activity stays.
        var unchanged = await f.EventsAsync(id);
        f.App.Clock.Advance(TimeSpan.FromMinutes(7));
        await PatchAsync(f.Admin, id, new { subject = "Refund for order 1042", priority = "Urgent", teamId = other.Id });
        (await f.NewEventsAsync(id, unchanged)).ShouldBeEmpty();
        (await f.RowAsync(id)).LastActivityAt.ShouldBe(row.LastActivityAt);
    }

    [ProviderFact]
    public async Task Last_activity_moves_with_each_change_and_an_answered_conversation_reopens_in_progress(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var id = await f.ConversationInAsync("Open");
        await f.PostMessageAsync(f.Agent, id, new { text = "Looking into it." });

        foreach (var action in new[] { "hold", "resolve", "reopen" })
        {
            var before = (await f.RowAsync(id)).LastActivityAt;
            f.App.Clock.Advance(TimeSpan.FromHours(1));

            var shown = await f.ActAsync(f.Agent, id, action);

            shown.LastActivityAt.ShouldBe(f.App.Now());
            shown.LastActivityAt.ShouldBeGreaterThan(before);
            (await f.RowAsync(id)).LastActivityAt.ShouldBe(f.App.Now());
        }
        (await f.RowAsync(id)).Status.ShouldBe(ConversationStatus.Open);
        (await f.Agent.Client.GetFromJsonAsync<ConversationJson>($"/api/v1/conversations/{id}"))!.DisplayStatus.ShouldBe("In progress");
    }

    private static async Task<ConversationJson> PatchAsync(Actor actor, Guid id, object body)
    {
        var response = await actor.Client.PatchAsJsonAsync($"/api/v1/conversations/{id}", body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ConversationJson>())!;
    }
}
