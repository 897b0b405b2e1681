using System.Net;
using System.Net.Http.Json;
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
            foreach (var action in new[] { "read", "unread", "resolve", "archive", "tag" })
            {
                var response = await actor.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { id }, action, tag = "vip" });
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
