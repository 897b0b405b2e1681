using System.Net;
using System.Net.Http.Json;
using Parley.Audit;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>One action on many conversations: each takes the whole change or none of it, and the answer says which.</summary>
public sealed class BulkTests
{
    private static async Task<List<InboxFixture.Outcome>> BulkAsync(Actor actor, object request)
    {
        var response = await actor.Client.PostAsJsonAsync("/api/v1/conversations/bulk", request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<InboxFixture.BulkResponse>())!.Results;
    }

    [ProviderFact]
    public async Task Bulk_resolve_resolves_those_the_rules_allow_and_leaves_the_refused_one_untouched(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var one = (await inbox.ReceiveAsync("Alice Moreau", "+15550100301")).ConversationId;
        var archived = (await inbox.ReceiveAsync("Bob Stone", "+15550100302")).ConversationId;
        var two = (await inbox.ReceiveAsync("Cleo Park", "+15550100303")).ConversationId;
        (await inbox.ActAsync(inbox.Admin, archived, "archive")).EnsureSuccessStatusCode();
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var archivedBefore = await inbox.ConversationRowAsync(archived);
        var archivedEvents = await inbox.EventTypesAsync(archived);

        var results = await BulkAsync(inbox.Agent, new { ids = new[] { one, archived, two }, action = "resolve" });

        results.Select(r => (r.Id, r.Ok, r.Status)).ShouldBe([(one, true, "Resolved"), (archived, false, "Archived"), (two, true, "Resolved")]);
        results[1].Error.ShouldNotBeNullOrWhiteSpace();
        var archivedAfter = await inbox.ConversationRowAsync(archived);
        (archivedAfter.Status, archivedAfter.PreviousStatus, archivedAfter.LastActivityAt, archivedAfter.Version)
            .ShouldBe((archivedBefore.Status, archivedBefore.PreviousStatus, archivedBefore.LastActivityAt, archivedBefore.Version));
        (await inbox.EventTypesAsync(archived)).ShouldBe(archivedEvents);
        foreach (var id in new[] { one, two })
        {
            var row = await inbox.ConversationRowAsync(id);
            row.Status.ShouldBe(Parley.Conversations.ConversationStatus.Resolved);
            row.LastActivityAt.ShouldBe(inbox.App.Now());
            (await inbox.EventTypesAsync(id)).Count(t => t == ConversationEventType.Resolved).ShouldBe(1);
        }
        (await inbox.IdsAsync(inbox.Agent, "status=Resolved")).ShouldBe([two, one], ignoreOrder: true);
    }

    [ProviderFact]
    public async Task Bulk_tag_adds_the_tag_once_with_one_event_each(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var one = (await inbox.ReceiveAsync("Alice Moreau", "+15550100311")).ConversationId;
        var two = (await inbox.ReceiveAsync("Bob Stone", "+15550100312")).ConversationId;
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));

        (await BulkAsync(inbox.Agent, new { ids = new[] { one, two }, action = "tag", tag = " VIP " })).ShouldAllBe(r => r.Ok);
        (await BulkAsync(inbox.Agent, new { ids = new[] { one }, action = "tag", tag = "vip" })).ShouldAllBe(r => r.Ok);

        (await inbox.IdsAsync(inbox.Agent, "tag=vip")).ShouldBe([two, one], ignoreOrder: true);
        foreach (var id in new[] { one, two })
            (await inbox.EventTypesAsync(id)).ShouldBe([ConversationEventType.Created, ConversationEventType.TagAdded]);
    }

    [ProviderFact]
    public async Task Bulk_assign_gives_each_conversation_to_the_user_unread(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var one = (await inbox.ReceiveAsync("Alice Moreau", "+15550100321")).ConversationId;
        var two = (await inbox.ReceiveAsync("Bob Stone", "+15550100322")).ConversationId;
        await inbox.OpenAsync(inbox.Teammate, one);
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));

        var results = await BulkAsync(inbox.Admin, new { ids = new[] { one, two }, action = "assign", userId = inbox.Teammate.UserId });

        results.ShouldAllBe(r => r.Ok);
        (await inbox.ListAsync(inbox.Teammate, "view=mine")).Items.Select(r => (r.Id, r.Unread)).ShouldBe([(two, true), (one, true)]);
        foreach (var id in new[] { one, two })
        {
            (await inbox.ConversationRowAsync(id)).AssigneeId.ShouldBe(inbox.Teammate.UserId);
            (await inbox.ReadRowAsync(id, inbox.Teammate.UserId))!.MarkedUnread.ShouldBeTrue();
            (await inbox.EventTypesAsync(id)).ShouldBe([ConversationEventType.Created, ConversationEventType.Assigned]);
        }

        // An agent passes on only their own conversations: refused per id, nothing changed.
        var before = await inbox.App.SnapshotAsync();
        var refused = await BulkAsync(inbox.Agent, new { ids = new[] { one }, action = "assign", userId = inbox.Agent.UserId });
        refused.ShouldHaveSingleItem().ShouldSatisfyAllConditions(r => r.Ok.ShouldBeFalse(), r => r.Error.ShouldNotBeNullOrWhiteSpace());
        (await inbox.App.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Bulk_unarchive_reopen_and_spam_apply_the_status_rules_per_id(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var archived = (await inbox.ReceiveAsync("Alice Moreau", "+15550100361")).ConversationId;
        var held = (await inbox.ReceiveAsync("Bob Stone", "+15550100362")).ConversationId;
        var resolved = (await inbox.ReceiveAsync("Cleo Park", "+15550100363")).ConversationId;
        (await inbox.ActAsync(inbox.Admin, held, "hold")).EnsureSuccessStatusCode();
        (await inbox.ActAsync(inbox.Admin, archived, "hold")).EnsureSuccessStatusCode();
        (await inbox.ActAsync(inbox.Admin, archived, "archive")).EnsureSuccessStatusCode();
        (await inbox.ActAsync(inbox.Admin, resolved, "resolve")).EnsureSuccessStatusCode();
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var all = new[] { archived, held, resolved };

        // Only the archived one unarchives, back to the status it had.
        (await BulkAsync(inbox.Agent, new { ids = all, action = "unarchive" })).Select(r => (r.Id, r.Ok, r.Status))
            .ShouldBe([(archived, true, "Pending"), (held, false, "Pending"), (resolved, false, "Resolved")]);
        // Pending and resolved ones reopen.
        (await BulkAsync(inbox.Agent, new { ids = new[] { held, resolved }, action = "reopen" })).Select(r => (r.Id, r.Ok, r.Status))
            .ShouldBe([(held, true, "Open"), (resolved, true, "Open")]);
        (await inbox.ActAsync(inbox.Admin, archived, "archive")).EnsureSuccessStatusCode();
        // Spam marks live conversations irrelevant; an archived one is refused and untouched.
        var archivedBefore = await inbox.ConversationRowAsync(archived);
        (await BulkAsync(inbox.Agent, new { ids = all, action = "spam" })).Select(r => (r.Id, r.Ok, r.Status))
            .ShouldBe([(archived, false, "Archived"), (held, true, "Irrelevant"), (resolved, true, "Irrelevant")]);

        (await inbox.ConversationRowAsync(archived)).Version.ShouldBe(archivedBefore.Version);
        foreach (var id in new[] { held, resolved })
            (await inbox.ConversationRowAsync(id)).ShouldSatisfyAllConditions(row => row.IsSpam.ShouldBeTrue(), row => row.LastActivityAt.ShouldBe(inbox.App.Now()));
        (await inbox.EventTypesAsync(held)).ShouldBe([ConversationEventType.Created, ConversationEventType.PutOnHold, ConversationEventType.Reopened, ConversationEventType.SpamMarked]);
        (await inbox.EventTypesAsync(archived)).ShouldBe([ConversationEventType.Created, ConversationEventType.PutOnHold, ConversationEventType.Archived, ConversationEventType.Unarchived, ConversationEventType.Archived]);
        (await inbox.IdsAsync(inbox.Agent, "status=Irrelevant")).ShouldBe([held, resolved], ignoreOrder: true);
    }

    [ProviderFact]
    public async Task Bulk_team_moves_each_conversation_and_needs_a_known_team(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var billing = await inbox.CreateTeamAsync("Billing", inbox.Teammate.UserId);
        var one = (await inbox.ReceiveAsync("Alice Moreau", "+15550100371")).ConversationId;
        var two = (await inbox.ReceiveAsync("Bob Stone", "+15550100372")).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, one, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        (await inbox.AssignAsync(inbox.Admin, two, userId: inbox.Teammate.UserId)).EnsureSuccessStatusCode();
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = await inbox.App.SnapshotAsync();

        await (await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { one }, action = "team" })).ShouldBeValidationProblemAsync("teamId");
        await (await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { one }, action = "team", teamId = Guid.NewGuid() })).ShouldBeValidationProblemAsync("teamId");
        (await inbox.App.SnapshotAsync()).ShouldBe(before);

        (await BulkAsync(inbox.Admin, new { ids = new[] { one, two }, action = "team", teamId = billing })).ShouldAllBe(r => r.Ok);

        // Agnes is not in Billing and gives hers back; Tom is, and keeps his.
        (await inbox.ConversationRowAsync(one)).ShouldSatisfyAllConditions(row => row.TeamId.ShouldBe(billing), row => row.AssigneeId.ShouldBeNull());
        (await inbox.ConversationRowAsync(two)).ShouldSatisfyAllConditions(row => row.TeamId.ShouldBe(billing), row => row.AssigneeId.ShouldBe(inbox.Teammate.UserId));
        (await inbox.EventTypesAsync(one)).ShouldBe([ConversationEventType.Created, ConversationEventType.Assigned, ConversationEventType.MovedToTeam, ConversationEventType.Unassigned]);
        (await inbox.EventTypesAsync(two)).ShouldBe([ConversationEventType.Created, ConversationEventType.Assigned, ConversationEventType.MovedToTeam]);
        (await inbox.IdsAsync(inbox.Admin, $"view=team&teamId={billing}")).ShouldBe([two, one], ignoreOrder: true);
    }

    [ProviderFact]
    public async Task Bulk_read_and_unread_change_the_callers_state_only(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var one = (await inbox.ReceiveAsync("Alice Moreau", "+15550100331")).ConversationId;
        var two = (await inbox.ReceiveAsync("Bob Stone", "+15550100332")).ConversationId;
        inbox.App.Clock.Advance(TimeSpan.FromMinutes(1));

        (await BulkAsync(inbox.Agent, new { ids = new[] { one, two }, action = "read" })).ShouldAllBe(r => r.Ok);
        (await inbox.IdsAsync(inbox.Agent, "unread=true")).ShouldBeEmpty();
        (await inbox.IdsAsync(inbox.Teammate, "unread=true")).ShouldBe([two, one]);

        (await BulkAsync(inbox.Agent, new { ids = new[] { two }, action = "unread" })).ShouldAllBe(r => r.Ok);
        (await inbox.IdsAsync(inbox.Agent, "unread=true")).ShouldBe([two]);
        (await inbox.ReadRowsAsync(two)).Select(r => (r.UserId, r.MarkedUnread)).ShouldBe([(inbox.Agent.UserId, true)]);
    }

    [ProviderFact]
    public async Task Too_many_ids_or_an_unknown_action_is_a_400_naming_the_field(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var id = (await inbox.ReceiveAsync("Alice Moreau", "+15550100341")).ConversationId;
        var before = await inbox.App.SnapshotAsync();

        var tooMany = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).Append(id).ToArray();
        await (await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = tooMany, action = "resolve" })).ShouldBeValidationProblemAsync("ids");
        await (await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = Array.Empty<Guid>(), action = "resolve" })).ShouldBeValidationProblemAsync("ids");
        await (await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { id }, action = "explode" })).ShouldBeValidationProblemAsync("action");
        await (await inbox.Admin.Client.PostAsJsonAsync("/api/v1/conversations/bulk", new { ids = new[] { id }, action = "tag" })).ShouldBeValidationProblemAsync("tag");

        (await inbox.App.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Ids_of_another_organisation_are_not_found_per_id_and_stay_unchanged(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db, allowSignup: true);
        var otherAdmin = await inbox.App.SignUpAsync("Globex", "hank@globex.test");
        var theirs = (await inbox.ReceiveAsync("Alice Moreau", "+15550100351")).ConversationId;
        var before = await inbox.App.SnapshotAsync();

        var results = await BulkAsync(otherAdmin, new { ids = new[] { theirs }, action = "archive" });

        results.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            r => r.Ok.ShouldBeFalse(),
            r => r.Error.ShouldBe("The conversation was not found."),
            r => r.Status.ShouldBeNull());
        (await inbox.App.SnapshotAsync()).ShouldBe(before);
    }
}
