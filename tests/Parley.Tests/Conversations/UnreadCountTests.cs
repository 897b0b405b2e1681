using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>The rail's unread counts: one per inbox view, each what that view's unread list holds, capped.</summary>
public sealed class UnreadCountTests
{
    private sealed record ViewCount(string View, Guid? TeamId, int Count, bool More);
    private sealed record Counts(List<ViewCount> Views);

    [ProviderFact]
    public async Task Each_view_counts_what_its_unread_list_shows_to_the_caller(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var billing = await inbox.CreateTeamAsync("Billing", inbox.Outsider.UserId);
        var billingChannel = await inbox.CreateChannelAsync("Billing bot", billing);
        var unrouted = await inbox.CreateChannelAsync("Unrouted bot", teamId: null);
        var assigned = (await inbox.ReceiveAsync("Mia Mine", "+15550100051")).ConversationId;
        var opened = (await inbox.ReceiveAsync("Olive Opened", "+15550100052")).ConversationId;
        await inbox.ReceiveAsync("Una Unassigned", "+15550100053");
        await inbox.ReceiveAsync("Bill Billing", "+15550100054", channelId: billingChannel);
        await inbox.ReceiveAsync("Nora Nowhere", "+15550100055", channelId: unrouted);
        var archived = (await inbox.ReceiveAsync("Archie Archived", "+15550100056")).ConversationId;
        var deleted = (await inbox.ReceiveAsync("Dora Deleted", "+15550100057")).ConversationId;
        (await inbox.AssignAsync(inbox.Admin, assigned, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        (await inbox.AssignAsync(inbox.Admin, opened, userId: inbox.Agent.UserId)).EnsureSuccessStatusCode();
        await inbox.OpenAsync(inbox.Agent, opened);
        (await inbox.ActAsync(inbox.Admin, archived, "archive")).EnsureSuccessStatusCode();
        (await inbox.ActAsync(inbox.Admin, deleted, "delete")).EnsureSuccessStatusCode();
        // Written first: read until the agent marks it unread.
        var sam = await (await inbox.Agent.Client.PostAsJsonAsync("/api/v1/contacts", new { name = "Sam Sent", phone = "+15550100058" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<InboxFixture.Contact>();
        var sent = (await (await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations", new { contactId = sam!.Id, channelId = inbox.ChannelId, text = "We wrote first" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<InboxFixture.Detail>())!.Id;
        (await CountsAsync(inbox.Agent)).Single(v => v.View == "sent").Count.ShouldBe(0);
        (await inbox.Agent.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { sent }, read = false })).EnsureSuccessStatusCode();
        var before = await inbox.App.SnapshotAsync();

        var agent = await CountsAsync(inbox.Agent);

        agent.ShouldBe([
            new("mine", null, 2, false), new("unassigned", null, 1, false), new("team", inbox.TeamId, 3, false),
            new("sent", null, 1, false), new("archived", null, 1, false)]);
        var admin = await CountsAsync(inbox.Admin);
        admin.ShouldBe([
            new("mine", null, 0, false), new("unassigned", null, 3, false), new("team", billing, 1, false), new("team", inbox.TeamId, 3, false),
            new("sent", null, 0, false), new("archived", null, 1, false), new("deleted", null, 1, false)]);
        (await CountsAsync(inbox.Outsider)).ShouldBe([
            new("mine", null, 0, false), new("unassigned", null, 1, false), new("team", billing, 1, false),
            new("sent", null, 0, false), new("archived", null, 0, false)]);
        // Each is the length of the list the rail opens, for every kind of caller.
        foreach (var actor in new[] { inbox.Admin, inbox.Agent, inbox.Teammate, inbox.Outsider })
        {
            foreach (var count in await CountsAsync(actor))
            {
                var listed = await inbox.IdsAsync(actor, $"view={count.View}&unread=true&limit=200{(count.TeamId is { } team ? $"&teamId={team}" : "")}");
                count.Count.ShouldBe(listed.Count, $"{actor.Email}: {count}");
            }
        }
        // Counting reads; it marks nothing read.
        (await inbox.App.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task A_view_with_more_unread_than_the_cap_says_100_and_more(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db);
        var first = (await inbox.ReceiveAsync("Customer 0", "+15550200000")).ConversationId;
        for (var i = 1; i <= 100; i++)
            await inbox.ReceiveAsync($"Customer {i}", $"+1555020{i:D4}");
        (await inbox.IdsAsync(inbox.Admin, "view=unassigned&unread=true&limit=200")).Count.ShouldBe(101);

        (await CountsAsync(inbox.Admin)).Single(v => v.View == "unassigned").ShouldBe(new("unassigned", null, 100, true));
        (await CountsAsync(inbox.Admin)).Single(v => v.View == "mine").ShouldBe(new("mine", null, 0, false));

        await inbox.OpenAsync(inbox.Admin, first);
        (await CountsAsync(inbox.Admin)).Single(v => v.View == "unassigned").ShouldBe(new("unassigned", null, 100, false));
        (await CountsAsync(inbox.Agent)).Single(v => v.View == "unassigned").ShouldBe(new("unassigned", null, 100, true));
    }

    [ProviderFact]
    public async Task Unread_counts_need_a_signed_in_caller(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await app.SetUpAsync();
        using var anonymous = app.NewClient();

        await (await anonymous.GetAsync("/api/v1/conversations/unread-counts")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<List<ViewCount>> CountsAsync(Actor actor)
    {
        var response = await actor.Client.GetAsync("/api/v1/conversations/unread-counts");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Counts>())!.Views;
    }
}
