using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Organizations;

/// <summary>The directory: the names an agent needs to show who, which team and which channel.</summary>
public sealed class DirectoryTests
{
    private sealed record User(Guid Id, string Name, string Role);
    private sealed record Team(Guid Id, string Name, List<Guid> MemberIds);
    private sealed record Channel(Guid Id, string Name, string Type);
    private sealed record DirectoryJson(List<User> Users, List<Team> Teams, List<Channel> Channels);

    [ProviderFact]
    public async Task An_agent_reads_the_names_of_their_organisations_users_teams_and_channels_sorted_by_name(string db)
    {
        await using var inbox = await InboxFixture.StartAsync(db, allowSignup: true);
        var billing = await inbox.CreateTeamAsync("Billing", inbox.Outsider.UserId);
        var billingChannel = await inbox.CreateChannelAsync("Billing bot", billing);
        var globex = await inbox.App.SignUpAsync("Globex", "hank@globex.test");
        var globexTeam = await (await globex.Client.PostAsJsonAsync("/api/v1/teams", new { name = "Alpha" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Team>();
        (await globex.Client.PutAsync($"/api/v1/teams/{globexTeam!.Id}/members/{globex.UserId}", null)).EnsureSuccessStatusCode();
        (await globex.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Acme lookalike bot" })).EnsureSuccessStatusCode();
        var before = await inbox.App.SnapshotAsync();

        var response = await inbox.Agent.Client.GetAsync("/api/v1/directory");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var directory = (await response.Content.ReadFromJsonAsync<DirectoryJson>())!;
        directory.Users.ShouldBe([
            new(inbox.Admin.UserId, "Ada Admin", "Admin"),
            new(inbox.Agent.UserId, "Agnes Agent", "Agent"),
            new(inbox.Outsider.UserId, "Olga Outsider", "Agent"),
            new(inbox.Teammate.UserId, "Tom Teammate", "Agent")]);
        directory.Teams.Select(t => (t.Id, t.Name)).ShouldBe([(billing, "Billing"), (inbox.TeamId, "Support")]);
        directory.Teams[0].MemberIds.ShouldBe([inbox.Outsider.UserId]);
        directory.Teams[1].MemberIds.ShouldBe([inbox.Agent.UserId, inbox.Teammate.UserId]);
        directory.Channels.ShouldBe([new(billingChannel, "Billing bot", "Api"), new(inbox.ChannelId, "Website bot", "Api")]);
        // Names only: no emails, no channel settings, nothing of Globex.
        text.ShouldNotContain("@acme.test");
        text.ShouldNotContain("email", Case.Insensitive);
        text.ShouldNotContain("settings", Case.Insensitive);
        text.ShouldNotContain("Globex");
        text.ShouldNotContain("Alpha");
        text.ShouldNotContain("lookalike");
        text.ShouldNotContain(globex.UserId.ToString());
        (await inbox.App.SnapshotAsync()).ShouldBe(before);

        var theirs = (await globex.Client.GetFromJsonAsync<DirectoryJson>("/api/v1/directory"))!;
        theirs.Users.ShouldBe([new(globex.UserId, "Other Admin", "Admin")]);
        theirs.Teams.Select(t => (t.Id, t.Name)).ShouldBe([(globexTeam.Id, "Alpha")]);
        theirs.Teams[0].MemberIds.ShouldBe([globex.UserId]);
        theirs.Channels.Select(c => c.Name).ShouldBe(["Acme lookalike bot"]);
    }

    [ProviderFact]
    public async Task The_directory_needs_a_signed_in_caller(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await app.SetUpAsync();
        using var anonymous = app.NewClient();

        await (await anonymous.GetAsync("/api/v1/directory")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
