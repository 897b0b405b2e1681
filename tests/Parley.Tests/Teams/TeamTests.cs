using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Teams;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Teams;

public sealed class TeamTests
{
    private sealed record TeamSummary(Guid Id, string Name, int MemberCount);

    [ProviderFact]
    public async Task Admin_creates_a_team_in_their_own_organisation(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        var response = await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = "  Support  " });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var team = (await response.Content.ReadFromJsonAsync<Json.Team>())!;
        team.Name.ShouldBe("Support");
        team.Members.ShouldBeEmpty();
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/teams/{team.Id}");

        var row = await app.QueryAsync(d => d.Teams.IgnoreQueryFilters().SingleAsync());
        row.Id.ShouldBe(team.Id);
        row.Name.ShouldBe("Support");
        row.OrganizationId.ShouldBe(admin.OrganizationId);
        row.CreatedAt.ShouldBe(app.Clock.GetUtcNow().UtcDateTime);
    }

    [ProviderFact]
    public async Task Listing_with_limit_two_walks_every_team_once_in_name_order(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        string[] names = ["Support", "Billing", "Sales", "Escalations", "Onboarding"];
        foreach (var name in names)
            await CreateTeamAsync(admin, name);

        var pages = new List<List<TeamSummary>>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/teams?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = (await admin.Client.GetFromJsonAsync<Json.Page<TeamSummary>>(url))!;
            pages.Add(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        pages.Select(p => p.Count).ShouldBe([2, 2, 1]);
        pages.SelectMany(p => p).Select(t => t.Name).ShouldBe(["Billing", "Escalations", "Onboarding", "Sales", "Support"]);
        pages.SelectMany(p => p).Select(t => t.Id).Distinct().Count().ShouldBe(5);
    }

    [ProviderFact]
    public async Task Listing_with_an_out_of_range_limit_is_a_400_naming_limit(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        var problem = await (await admin.Client.GetAsync("/api/v1/teams?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Errors!.Keys.ShouldBe(["limit"]);
    }

    [ProviderFact]
    public async Task Getting_a_team_shows_its_members_by_name_and_the_list_counts_them(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var zoe = await app.AddUserAsync(admin, "zoe@acme.test", name: "Zoe Zed");
        var bob = await app.AddUserAsync(admin, "bob@acme.test", name: "Bob Bee");
        var team = await CreateTeamAsync(admin, "Support");
        await CreateTeamAsync(admin, "Sales");
        (await admin.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{zoe.UserId}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{bob.UserId}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var got = (await admin.Client.GetFromJsonAsync<Json.Team>($"/api/v1/teams/{team.Id}"))!;

        got.Name.ShouldBe("Support");
        got.Members!.ShouldBe(
        [
            new Json.TeamMember(bob.UserId, "Bob Bee", "bob@acme.test"),
            new Json.TeamMember(zoe.UserId, "Zoe Zed", "zoe@acme.test"),
        ]);
        var list = (await admin.Client.GetFromJsonAsync<Json.Page<TeamSummary>>("/api/v1/teams"))!;
        list.Items.Select(t => (t.Name, t.MemberCount)).ShouldBe([("Sales", 0), ("Support", 2)]);
        var rows = await app.QueryAsync(d => d.TeamMembers.IgnoreQueryFilters().Where(m => m.TeamId == team.Id).ToListAsync());
        rows.Select(m => m.UserId).ShouldBe([zoe.UserId, bob.UserId], ignoreOrder: true);
        rows.ShouldAllBe(m => m.OrganizationId == admin.OrganizationId);
    }

    [ProviderFact]
    public async Task Getting_an_unknown_team_is_a_404_problem(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        await (await admin.Client.GetAsync($"/api/v1/teams/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task Admin_renames_a_team(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var team = await CreateTeamAsync(admin, "Support");

        var response = await admin.Client.PatchAsJsonAsync($"/api/v1/teams/{team.Id}", new { name = "Customer Care" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<Json.Team>())!.Name.ShouldBe("Customer Care");
        var row = await app.QueryAsync(d => d.Teams.IgnoreQueryFilters().SingleAsync());
        row.Id.ShouldBe(team.Id);
        row.Name.ShouldBe("Customer Care");
    }

    [ProviderFact]
    public async Task Renaming_a_team_to_another_teams_name_is_a_409_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var support = await CreateTeamAsync(admin, "Support");
        await CreateTeamAsync(admin, "Sales");
        var before = await app.SnapshotAsync();

        var taken = await admin.Client.PatchAsJsonAsync($"/api/v1/teams/{support.Id}", new { name = "Sales" });
        var blank = await admin.Client.PatchAsJsonAsync($"/api/v1/teams/{support.Id}", new { name = "" });

        (await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Title.ShouldBe("A team with this name already exists.");
        (await blank.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.ShouldBe(["name"]);
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Deleting_a_team_removes_its_memberships_but_not_its_users(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agnes = await app.AddUserAsync(admin, "agnes@acme.test");
        var support = await CreateTeamAsync(admin, "Support");
        var sales = await CreateTeamAsync(admin, "Sales");
        await admin.Client.PutAsync($"/api/v1/teams/{support.Id}/members/{agnes.UserId}", null);
        await admin.Client.PutAsync($"/api/v1/teams/{support.Id}/members/{admin.UserId}", null);
        await admin.Client.PutAsync($"/api/v1/teams/{sales.Id}/members/{agnes.UserId}", null);
        (await app.CountAsync<TeamMember>()).ShouldBe(3);

        var response = await admin.Client.DeleteAsync($"/api/v1/teams/{support.Id}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await admin.Client.GetAsync($"/api/v1/teams/{support.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.QueryAsync(d => d.Teams.IgnoreQueryFilters().Select(t => t.Id).ToListAsync())).ShouldBe([sales.Id]);
        var memberships = await app.QueryAsync(d => d.TeamMembers.IgnoreQueryFilters().ToListAsync());
        memberships.ShouldHaveSingleItem().TeamId.ShouldBe(sales.Id);
        (await app.QueryAsync(d => d.Users.IgnoreQueryFilters().Select(u => u.Id).ToListAsync()))
            .ShouldBe([admin.UserId, agnes.UserId], ignoreOrder: true);
    }

    [ProviderFact]
    public async Task Deleting_an_unknown_team_is_a_404_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        await CreateTeamAsync(admin, "Support");
        var before = await app.SnapshotAsync();

        await (await admin.Client.DeleteAsync($"/api/v1/teams/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Creating_a_team_with_a_taken_name_is_a_409_and_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var existing = await CreateTeamAsync(admin, "Support");
        var before = await app.SnapshotAsync();

        var response = await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = " Support" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Title.ShouldBe("A team with this name already exists.");
        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.QueryAsync(d => d.Teams.IgnoreQueryFilters().SingleAsync())).Id.ShouldBe(existing.Id);
    }

    [ProviderFact]
    public async Task Creating_a_team_with_an_empty_missing_or_overlong_name_is_a_400_naming_name(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        object[] bodies = [new { name = "" }, new { name = "   " }, new { }, new { name = new string('t', 101) }];
        foreach (var body in bodies)
        {
            var problem = await (await admin.Client.PostAsJsonAsync("/api/v1/teams", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.Errors!.Keys.ShouldBe(["name"]);
        }

        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<Team>()).ShouldBe(0);
    }

    [ProviderFact]
    public async Task Adding_a_member_twice_keeps_one_membership_row(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agnes = await app.AddUserAsync(admin, "agnes@acme.test");
        var team = await CreateTeamAsync(admin, "Support");

        var first = await admin.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{agnes.UserId}", null);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var added = await app.QueryAsync(d => d.TeamMembers.IgnoreQueryFilters().SingleAsync());
        added.TeamId.ShouldBe(team.Id);
        added.UserId.ShouldBe(agnes.UserId);
        added.OrganizationId.ShouldBe(admin.OrganizationId);
        var before = await app.SnapshotAsync();
        app.Clock.Advance(TimeSpan.FromHours(1));

        var second = await admin.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{agnes.UserId}", null);

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadFromJsonAsync<Json.Team>())!.Members!.Select(m => m.UserId).ShouldBe([agnes.UserId]);
        // Not even the joining time moves: the second PUT wrote nothing.
        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<TeamMember>()).ShouldBe(1);
    }

    [ProviderFact]
    public async Task Adding_a_user_that_does_not_exist_is_a_404_and_writes_no_row(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var team = await CreateTeamAsync(admin, "Support");
        var before = await app.SnapshotAsync();

        var response = await admin.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{Guid.NewGuid()}", null);

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Title.ShouldBe("The user was not found.");
        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<TeamMember>()).ShouldBe(0);
    }

    [ProviderFact]
    public async Task Adding_a_member_to_a_team_that_does_not_exist_is_a_404_and_writes_no_row(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        var response = await admin.Client.PutAsync($"/api/v1/teams/{Guid.NewGuid()}/members/{admin.UserId}", null);

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Title.ShouldBe("The team was not found.");
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Removing_a_member_deletes_only_that_membership(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agnes = await app.AddUserAsync(admin, "agnes@acme.test");
        var team = await CreateTeamAsync(admin, "Support");
        await admin.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{agnes.UserId}", null);
        await admin.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{admin.UserId}", null);

        var response = await admin.Client.DeleteAsync($"/api/v1/teams/{team.Id}/members/{agnes.UserId}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.QueryAsync(d => d.TeamMembers.IgnoreQueryFilters().SingleAsync())).UserId.ShouldBe(admin.UserId);
        (await app.CountAsync<User>()).ShouldBe(2);
    }

    [ProviderFact]
    public async Task Removing_a_user_who_is_not_a_member_is_a_404_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agnes = await app.AddUserAsync(admin, "agnes@acme.test");
        var team = await CreateTeamAsync(admin, "Support");
        await admin.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{admin.UserId}", null);
        var before = await app.SnapshotAsync();

        var notMember = await admin.Client.DeleteAsync($"/api/v1/teams/{team.Id}/members/{agnes.UserId}");
        var nobody = await admin.Client.DeleteAsync($"/api/v1/teams/{team.Id}/members/{Guid.NewGuid()}");

        (await notMember.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Title.ShouldBe("The member was not found.");
        await nobody.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task An_agent_can_read_teams_but_cannot_change_them(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test", role: "Agent");
        var team = await CreateTeamAsync(admin, "Support");
        await admin.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{admin.UserId}", null);
        var before = await app.SnapshotAsync();

        var list = (await agent.Client.GetFromJsonAsync<Json.Page<TeamSummary>>("/api/v1/teams"))!;
        list.Items.Select(t => t.Name).ShouldBe(["Support"]);
        var got = (await agent.Client.GetFromJsonAsync<Json.Team>($"/api/v1/teams/{team.Id}"))!;
        got.Members!.Select(m => m.UserId).ShouldBe([admin.UserId]);

        HttpResponseMessage[] refused =
        [
            await agent.Client.PostAsJsonAsync("/api/v1/teams", new { name = "Agents only" }),
            await agent.Client.PatchAsJsonAsync($"/api/v1/teams/{team.Id}", new { name = "Renamed" }),
            await agent.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{agent.UserId}", null),
            await agent.Client.DeleteAsync($"/api/v1/teams/{team.Id}/members/{admin.UserId}"),
            await agent.Client.DeleteAsync($"/api/v1/teams/{team.Id}"),
        ];

        foreach (var response in refused)
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Anonymous_callers_can_neither_read_nor_change_teams(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var team = await CreateTeamAsync(admin, "Support");
        var before = await app.SnapshotAsync();
        using var anonymous = app.NewClient();

        await (await anonymous.GetAsync("/api/v1/teams")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"/api/v1/teams/{team.Id}")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/teams", new { name = "Sneaky" })).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Teams_and_users_of_another_organisation_are_out_of_reach(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" });
        var acme = await app.SetUpAsync();
        var globex = await app.SignUpAsync("Globex", "gil@globex.test");
        var acmeTeam = await CreateTeamAsync(acme, "Support");
        var globexTeam = await CreateTeamAsync(globex, "Support");
        var before = await app.SnapshotAsync();

        (await globex.Client.GetFromJsonAsync<Json.Page<TeamSummary>>("/api/v1/teams"))!.Items.Select(t => t.Id).ShouldBe([globexTeam.Id]);
        await (await globex.Client.GetAsync($"/api/v1/teams/{acmeTeam.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await globex.Client.PatchAsJsonAsync($"/api/v1/teams/{acmeTeam.Id}", new { name = "Taken over" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await globex.Client.DeleteAsync($"/api/v1/teams/{acmeTeam.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await globex.Client.PutAsync($"/api/v1/teams/{acmeTeam.Id}/members/{globex.UserId}", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await globex.Client.PutAsync($"/api/v1/teams/{globexTeam.Id}/members/{acme.UserId}", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .Title.ShouldBe("The user was not found.");

        (await app.SnapshotAsync()).ShouldBe(before);
        var teams = await app.QueryAsync(d => d.Teams.IgnoreQueryFilters().ToListAsync());
        teams.Single(t => t.Id == acmeTeam.Id).OrganizationId.ShouldBe(acme.OrganizationId);
        teams.Single(t => t.Id == globexTeam.Id).OrganizationId.ShouldBe(globex.OrganizationId);
    }

    private static async Task<Json.Team> CreateTeamAsync(Actor admin, string name)
    {
        var response = await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<Json.Team>())!;
    }

}
