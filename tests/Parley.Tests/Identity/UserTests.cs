using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Identity;

public sealed class UserTests
{
    private const string LastAdmin = "An organisation keeps at least one admin.";

    private static Dictionary<string, string?> AllowSignup => new() { ["Parley:AllowSignup"] = "true" };

    [ProviderFact]
    public async Task An_agent_is_forbidden_every_user_route_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        using var anonymous = app.NewClient();
        var before = await app.SnapshotAsync();

        var client = agent.Client;
        await (await client.GetAsync("/api/v1/users")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"/api/v1/users/{admin.UserId}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync("/api/v1/users", new { name = "Eve", email = "eve@acme.test", password = ParleyApp.AdminPassword, role = "Admin" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PatchAsJsonAsync($"/api/v1/users/{agent.UserId}", new { role = "Admin" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PatchAsJsonAsync($"/api/v1/users/{admin.UserId}", new { password = HttpAssertions.OtherPassword })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync($"/api/v1/users/{admin.UserId}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await anonymous.GetAsync("/api/v1/users")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.DeleteAsync($"/api/v1/users/{admin.UserId}")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task An_admin_creates_a_user_who_can_then_sign_in(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        var response = await admin.Client.PostAsJsonAsync("/api/v1/users", new { name = "  Bo Agent ", email = " Bo@Acme.test ", password = HttpAssertions.OtherPassword });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<Json.User>())!;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/users/{created.Id}");
        created.ShouldBe(new Json.User(created.Id, "Bo Agent", "Bo@Acme.test", "Agent"));
        var row = await app.UserRowAsync(created.Id);
        row.OrganizationId.ShouldBe(admin.OrganizationId);
        row.Name.ShouldBe("Bo Agent");
        row.Email.ShouldBe("Bo@Acme.test");
        row.NormalizedEmail.ShouldBe("BO@ACME.TEST");
        row.Role.ShouldBe(UserRole.Agent);
        row.CreatedAt.ShouldBe(app.Now());
        row.PasswordHash.ShouldNotBeNullOrEmpty();
        row.PasswordHash.ShouldNotContain(HttpAssertions.OtherPassword);
        row.SecurityStamp.ShouldNotBeNullOrEmpty();
        row.AccessFailedCount.ShouldBe(0);
        row.LockoutEndsAt.ShouldBeNull();

        using var browser = app.NewClient();
        (await browser.LoginAsync("bo@acme.test", HttpAssertions.OtherPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.GetFromJsonAsync<Json.User>($"/api/v1/users/{created.Id}")).ShouldBe(created);
    }

    [ProviderFact]
    public async Task Creating_a_user_with_invalid_fields_names_each_field_and_adds_no_row(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        await (await admin.Client.PostAsJsonAsync("/api/v1/users", new { email = "not-an-email", password = "short" }))
            .ShouldBeValidationProblemAsync("name", "email", "password");
        await (await admin.Client.PostAsJsonAsync("/api/v1/users", new { })).ShouldBeValidationProblemAsync("name", "email", "password");
        await (await admin.Client.PostAsJsonAsync("/api/v1/users", new { name = new string('n', 201), email = "bo@acme.test", password = ParleyApp.AdminPassword }))
            .ShouldBeValidationProblemAsync("name");
        await (await admin.Client.PostAsJsonAsync("/api/v1/users", new { name = "Bo", email = "bo@acme.test", password = "123456789" }))
            .ShouldBeValidationProblemAsync("password");
        foreach (var email in new[] { "   ", "bo@localhost", "Bo <bo@acme.test>", "bo@acme.test trailing", "@acme.test" })
        {
            await (await admin.Client.PostAsJsonAsync("/api/v1/users", new { name = "Bo", email, password = ParleyApp.AdminPassword }))
                .ShouldBeValidationProblemAsync("email");
        }

        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<User>()).ShouldBe(1);
    }

    [ProviderFact]
    public async Task Creating_a_user_with_a_taken_email_is_a_conflict_even_in_another_case(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync(email: "ada@acme.test");
        await admin.CreateUserAsync("bo@acme.test");
        var before = await app.SnapshotAsync();

        foreach (var email in new[] { "bo@acme.test", "BO@Acme.Test", "ADA@ACME.TEST" })
        {
            await (await admin.Client.PostAsJsonAsync("/api/v1/users", new { name = "Copy", email, password = ParleyApp.AdminPassword }))
                .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<User>()).ShouldBe(2);
    }

    [ProviderFact]
    public async Task An_email_is_unique_across_organisations(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, AllowSignup);
        await app.SetUpAsync(organizationName: "Acme", email: "ada@acme.test");
        var globex = await app.SignUpAsync("Globex", "gus@globex.test");
        var before = await app.SnapshotAsync();

        await (await globex.Client.PostAsJsonAsync("/api/v1/users", new { name = "Ada Again", email = "Ada@Acme.test", password = ParleyApp.AdminPassword }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Patching_a_user_changes_name_email_and_role(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agentId = await admin.CreateUserAsync("agnes@acme.test");
        var original = await app.UserRowAsync(agentId);

        var response = await admin.Client.PatchAsJsonAsync($"/api/v1/users/{agentId}", new { name = " Agnes Smith ", email = "Agnes.Smith@acme.test", role = "Admin" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<Json.User>()).ShouldBe(new Json.User(agentId, "Agnes Smith", "Agnes.Smith@acme.test", "Admin"));
        var row = await app.UserRowAsync(agentId);
        row.Name.ShouldBe("Agnes Smith");
        row.Email.ShouldBe("Agnes.Smith@acme.test");
        row.NormalizedEmail.ShouldBe("AGNES.SMITH@ACME.TEST");
        row.Role.ShouldBe(UserRole.Admin);
        row.PasswordHash.ShouldBe(original.PasswordHash);
        row.SecurityStamp.ShouldBe(original.SecurityStamp);

        using var browser = app.NewClient();
        await (await browser.LoginAsync("agnes@acme.test", ParleyApp.AdminPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await browser.LoginAsync("agnes.smith@acme.test", ParleyApp.AdminPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Fields left out of the body stay as they are.
        (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{agentId}", new { name = "Agnes S." })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var renamed = await app.UserRowAsync(agentId);
        (renamed.Name, renamed.Email, renamed.Role).ShouldBe(("Agnes S.", "Agnes.Smith@acme.test", UserRole.Admin));
    }

    [ProviderFact]
    public async Task Patching_an_email_to_one_already_taken_is_a_conflict_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync(email: "ada@acme.test");
        var agentId = await admin.CreateUserAsync("agnes@acme.test");
        var before = await app.SnapshotAsync();

        await (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{agentId}", new { name = "Renamed", email = "ADA@acme.test" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Patching_with_invalid_fields_names_them_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agentId = await admin.CreateUserAsync("agnes@acme.test");
        var before = await app.SnapshotAsync();

        await (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{agentId}", new { name = "  ", email = "nope", password = "short" }))
            .ShouldBeValidationProblemAsync("name", "email", "password");
        await (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{agentId}", new { role = "Admin", password = "" }))
            .ShouldBeValidationProblemAsync("password");

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Reading_patching_or_deleting_an_unknown_user_is_404_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();
        var unknown = Guid.NewGuid();

        await (await admin.Client.GetAsync($"/api/v1/users/{unknown}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{unknown}", new { name = "Ghost" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.DeleteAsync($"/api/v1/users/{unknown}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task An_admin_of_another_organisation_can_neither_see_nor_change_a_user(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, AllowSignup);
        var acme = await app.SetUpAsync(organizationName: "Acme");
        var agentId = await acme.CreateUserAsync("agnes@acme.test");
        var globex = await app.SignUpAsync("Globex", "gus@globex.test");
        var before = await app.SnapshotAsync();

        var listed = await globex.Client.GetFromJsonAsync<Json.Page<Json.User>>("/api/v1/users");
        listed!.Items.Select(u => u.Email).ShouldBe(["gus@globex.test"]);
        await (await globex.Client.GetAsync($"/api/v1/users/{agentId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await globex.Client.PatchAsJsonAsync($"/api/v1/users/{agentId}", new { role = "Admin" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await globex.Client.DeleteAsync($"/api/v1/users/{acme.UserId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task A_new_password_ends_the_users_sessions_and_only_the_new_password_works(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        using var secondDevice = app.NewClient();
        (await secondDevice.LoginAsync("agnes@acme.test", ParleyApp.AdminPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var original = await app.UserRowAsync(agent.UserId);

        (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{agent.UserId}", new { password = HttpAssertions.OtherPassword })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var row = await app.UserRowAsync(agent.UserId);
        row.SecurityStamp.ShouldNotBe(original.SecurityStamp);
        row.PasswordHash.ShouldNotBe(original.PasswordHash);
        await (await agent.Client.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await secondDevice.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await admin.Client.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var browser = app.NewClient();
        await (await browser.LoginAsync("agnes@acme.test", ParleyApp.AdminPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await browser.LoginAsync("agnes@acme.test", HttpAssertions.OtherPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task The_last_admin_can_be_neither_demoted_nor_deleted(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        await admin.CreateUserAsync("agnes@acme.test");
        var before = await app.SnapshotAsync();

        (await (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{admin.UserId}", new { role = "Agent", name = "Ada Demoted" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict)).Title.ShouldBe(LastAdmin);
        (await (await admin.Client.DeleteAsync($"/api/v1/users/{admin.UserId}"))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict)).Title.ShouldBe(LastAdmin);

        (await app.SnapshotAsync()).ShouldBe(before);
        var row = await app.UserRowAsync(admin.UserId);
        (row.Role, row.Name).ShouldBe((UserRole.Admin, "Ada Admin"));
        (await admin.Client.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task With_two_admins_one_can_be_deleted_but_then_the_other_cannot(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var second = await app.AddUserAsync(admin, "bea@acme.test", role: "Admin", name: "Bea Admin");

        (await second.Client.DeleteAsync($"/api/v1/users/{admin.UserId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await app.FindUserAsync(admin.UserId)).ShouldBeNull();
        await (await admin.Client.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var before = await app.SnapshotAsync();
        (await (await second.Client.DeleteAsync($"/api/v1/users/{second.UserId}")).ShouldBeProblemAsync(HttpStatusCode.Conflict)).Title.ShouldBe(LastAdmin);
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task With_two_admins_one_can_be_demoted_and_loses_admin_rights_at_once(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var second = await app.AddUserAsync(admin, "bea@acme.test", role: "Admin", name: "Bea Admin");
        (await second.Client.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{second.UserId}", new { role = "Agent" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.UserRowAsync(second.UserId)).Role.ShouldBe(UserRole.Agent);
        await (await second.Client.GetAsync("/api/v1/users")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await second.Client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await app.SnapshotAsync();
        await (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{admin.UserId}", new { role = "Agent" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task A_promotion_to_admin_takes_effect_on_the_users_next_request(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        await (await agent.Client.GetAsync("/api/v1/users")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{agent.UserId}", new { role = "Admin" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.UserRowAsync(agent.UserId)).Role.ShouldBe(UserRole.Admin);
        (await agent.Client.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.Client.GetFromJsonAsync<Json.User>($"/api/v1/users/{admin.UserId}"))!.Role.ShouldBe("Admin");
    }

    [ProviderFact]
    public async Task Deleting_a_user_removes_their_tokens_and_team_memberships_and_ends_their_session(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        var issued = await (await agent.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Agent script" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
        var team = await (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = "Support" })).Content.ReadFromJsonAsync<Json.Team>();
        (await admin.Client.PutAsync($"/api/v1/teams/{team!.Id}/members/{agent.UserId}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.PutAsync($"/api/v1/teams/{team.Id}/members/{admin.UserId}", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var integration = app.NewClient(issued!.Token!);
        (await integration.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.Client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.Client.DeleteAsync($"/api/v1/users/{agent.UserId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await app.FindUserAsync(agent.UserId)).ShouldBeNull();
        (await app.QueryAsync(d => d.ApiTokens.IgnoreQueryFilters().CountAsync(t => t.UserId == agent.UserId))).ShouldBe(0);
        (await app.QueryAsync(d => d.TeamMembers.IgnoreQueryFilters().Select(m => m.UserId).ToListAsync())).ShouldBe([admin.UserId]);
        (await app.QueryAsync(d => d.Teams.IgnoreQueryFilters().CountAsync())).ShouldBe(1);
        await (await agent.Client.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await integration.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await admin.Client.GetAsync($"/api/v1/users/{agent.UserId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var browser = app.NewClient();
        await (await browser.LoginAsync("agnes@acme.test", ParleyApp.AdminPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [ProviderFact]
    public async Task Keyset_paging_walks_every_user_of_the_organisation_once(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, AllowSignup);
        var admin = await app.SetUpAsync(email: "ada@acme.test");
        foreach (var email in new[] { "ed@acme.test", "Cy@acme.test", "bo@acme.test", "di@acme.test" })
            await admin.CreateUserAsync(email);
        await app.SignUpAsync("Globex", "fay@globex.test");
        var before = await app.SnapshotAsync();

        var pages = new List<Json.Page<Json.User>>();
        string? cursor = null;
        do
        {
            var url = cursor is null ? "/api/v1/users?limit=2" : $"/api/v1/users?limit=2&cursor={Uri.EscapeDataString(cursor)}";
            var page = (await admin.Client.GetFromJsonAsync<Json.Page<Json.User>>(url))!;
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        pages.Select(p => p.Items.Count).ShouldBe([2, 2, 1]);
        pages[^1].NextCursor.ShouldBeNull();
        var emails = pages.SelectMany(p => p.Items).Select(u => u.Email).ToList();
        emails.ShouldBe(["ada@acme.test", "bo@acme.test", "Cy@acme.test", "di@acme.test", "ed@acme.test"]);
        emails.ShouldBeUnique();
        (await app.SnapshotAsync()).ShouldBe(before);

        var whole = (await admin.Client.GetFromJsonAsync<Json.Page<Json.User>>("/api/v1/users?limit=5"))!;
        whole.Items.Select(u => u.Email).ShouldBe(emails);
        whole.NextCursor.ShouldBeNull();
    }

    [ProviderFact]
    public async Task A_user_added_while_paging_shows_up_once_in_a_later_page(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync(email: "ada@acme.test");
        foreach (var email in new[] { "bo@acme.test", "cy@acme.test", "di@acme.test" })
            await admin.CreateUserAsync(email);

        var first = (await admin.Client.GetFromJsonAsync<Json.Page<Json.User>>("/api/v1/users?limit=2"))!;
        await admin.CreateUserAsync("bz@acme.test");
        await admin.CreateUserAsync("aa@acme.test");
        var second = (await admin.Client.GetFromJsonAsync<Json.Page<Json.User>>($"/api/v1/users?limit=2&cursor={first.NextCursor}"))!;
        var third = (await admin.Client.GetFromJsonAsync<Json.Page<Json.User>>($"/api/v1/users?limit=2&cursor={second.NextCursor}"))!;

        first.Items.Select(u => u.Email).ShouldBe(["ada@acme.test", "bo@acme.test"]);
        second.Items.Select(u => u.Email).ShouldBe(["bz@acme.test", "cy@acme.test"]);
        third.Items.Select(u => u.Email).ShouldBe(["di@acme.test"]);
        third.NextCursor.ShouldBeNull();
        (await app.CountAsync<User>()).ShouldBe(6);
    }

    [ProviderFact]
    public async Task Paging_parameters_out_of_range_name_the_field(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        await (await admin.Client.GetAsync("/api/v1/users?limit=0")).ShouldBeValidationProblemAsync("limit");
        await (await admin.Client.GetAsync("/api/v1/users?limit=-1")).ShouldBeValidationProblemAsync("limit");
        await (await admin.Client.GetAsync("/api/v1/users?limit=201")).ShouldBeValidationProblemAsync("limit");
        await (await admin.Client.GetAsync("/api/v1/users?limit=500")).ShouldBeValidationProblemAsync("limit");
        await (await admin.Client.GetAsync($"/api/v1/users?cursor={Uri.EscapeDataString("not a cursor!")}")).ShouldBeValidationProblemAsync("cursor");
        await (await admin.Client.GetAsync($"/api/v1/users?limit=0&cursor={Uri.EscapeDataString("%%%")}")).ShouldBeValidationProblemAsync("cursor", "limit");
        (await admin.Client.GetAsync("/api/v1/users?limit=200")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.GetAsync("/api/v1/users?limit=1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.SnapshotAsync()).ShouldBe(before);
    }
}
