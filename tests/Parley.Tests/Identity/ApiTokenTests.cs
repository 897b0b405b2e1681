using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Identity;

public sealed class ApiTokenTests
{
    private sealed record ListedToken(Guid Id, string Name, string Kind, string Hint, Guid UserId, DateTime CreatedAt, DateTime? LastUsedAt);

    private sealed record IssuedToken(Guid Id, string Name, string Kind, string Hint, DateTime CreatedAt, string Token);

    private sealed record MeBody(Json.User User, Guid OrganizationId, string OrganizationName);

    private static async Task<Json.IssuedToken> IssueAsync(Actor actor, string name)
    {
        var response = await actor.Client.PostAsJsonAsync("/api/v1/tokens", new { name });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<Json.IssuedToken>())!;
    }

    [ProviderFact]
    public async Task Creating_a_token_returns_the_secret_once_and_stores_only_its_hash(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        var response = await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "  CRM sync  " });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var issued = (await response.Content.ReadFromJsonAsync<Json.IssuedToken>())!;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/tokens/{issued.Id}");
        issued.Name.ShouldBe("CRM sync");
        var secret = issued.Token.ShouldNotBeNull();
        secret.ShouldStartWith("prl_");
        secret.Length.ShouldBeGreaterThan(40);
        issued.Hint.ShouldBe(secret[..10]);

        var row = (await app.TokenRowsAsync()).ShouldHaveSingleItem();
        row.Id.ShouldBe(issued.Id);
        row.Name.ShouldBe("CRM sync");
        row.UserId.ShouldBe(admin.UserId);
        row.OrganizationId.ShouldBe(admin.OrganizationId);
        row.Hint.ShouldBe(issued.Hint);
        row.Hash.ShouldBe(ApiToken.HashOf(secret));
        row.Hash.ShouldNotBe(secret);
        row.CreatedAt.ShouldBe(app.Now());
        row.LastUsedAt.ShouldBeNull();
        (await app.SnapshotAsync()).ShouldNotContain(secret);
    }

    [ProviderFact]
    public async Task Listing_tokens_shows_the_callers_tokens_with_their_hints_but_never_a_secret(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        var first = await IssueAsync(admin, "CRM sync");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await IssueAsync(admin, "Billing");
        var agentsOwn = await IssueAsync(agent, "Agent script");

        var response = await admin.Client.GetAsync("/api/v1/tokens");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotContain(first.Token!);
        text.ShouldNotContain(second.Token!);
        text.ShouldNotContain(ApiToken.HashOf(first.Token!));
        text.ShouldNotContain("\"token\"", Case.Insensitive);
        var page = (await response.Content.ReadFromJsonAsync<Json.Page<ListedToken>>())!;
        page.NextCursor.ShouldBeNull();
        var listed = page.Items;
        listed.Select(t => (t.Id, t.Name, t.Kind, t.Hint)).ShouldBe([(second.Id, "Billing", "Personal", second.Hint), (first.Id, "CRM sync", "Personal", first.Hint)]);
        listed.ShouldAllBe(t => t.UserId == admin.UserId && t.LastUsedAt == null);
        listed[1].CreatedAt.ShouldBe(app.Now() - TimeSpan.FromMinutes(5));
        listed.ShouldNotContain(t => t.Id == agentsOwn.Id);
        (await app.TokenRowsAsync()).Count.ShouldBe(3);
    }

    [ProviderFact]
    public async Task A_bearer_token_acts_as_its_user_and_records_when_it_was_last_used(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        var issued = await IssueAsync(agent, "Agent script");
        using var integration = app.NewClient(issued.Token!);
        app.Clock.Advance(TimeSpan.FromHours(1));
        var firstUse = app.Now();

        var me = await integration.GetAsync("/api/v1/auth/me");

        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        me.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await me.Content.ReadFromJsonAsync<MeBody>())!.User.Id.ShouldBe(agent.UserId);
        (await app.TokenRowsAsync()).Single().LastUsedAt.ShouldBe(firstUse);

        // Within a minute of the last write the time is not written again: reads stay reads.
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        (await integration.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.TokenRowsAsync()).Single().LastUsedAt.ShouldBe(firstUse);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await integration.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.TokenRowsAsync()).Single().LastUsedAt.ShouldBe(firstUse + TimeSpan.FromMinutes(1));
    }

    [ProviderFact]
    public async Task A_token_carries_its_users_role(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        using var agentIntegration = app.NewClient((await IssueAsync(agent, "Agent script")).Token!);
        using var adminIntegration = app.NewClient((await IssueAsync(admin, "Admin script")).Token!);

        await (await agentIntegration.PostAsJsonAsync("/api/v1/users", new { name = "Eve", email = "eve@acme.test", password = ParleyApp.AdminPassword }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await adminIntegration.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.CountAsync<User>()).ShouldBe(2);
        (await app.QueryAsync(d => d.Users.IgnoreQueryFilters().AnyAsync(u => u.Email == "eve@acme.test"))).ShouldBeFalse();
    }

    [ProviderFact]
    public async Task A_revoked_token_is_refused_with_401(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var issued = await IssueAsync(admin, "CRM sync");
        using var integration = app.NewClient(issued.Token!);
        (await integration.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.Client.DeleteAsync($"/api/v1/tokens/{issued.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await app.TokenRowsAsync()).ShouldBeEmpty();
        await (await integration.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await admin.Client.DeleteAsync($"/api/v1/tokens/{issued.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task Unknown_and_malformed_bearer_tokens_are_refused_with_401_and_change_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var issued = await IssueAsync(admin, "CRM sync");
        var before = await app.SnapshotAsync();

        string[] refused =
        [
            "prl_" + new string('A', 43),
            issued.Token![..^1] + (issued.Token[^1] == 'x' ? 'y' : 'x'),
            issued.Hint,
            issued.Token[4..],
            ApiToken.HashOf(issued.Token),
            "prl_" + new string('A', 200),
            "not-a-token",
        ];
        foreach (var token in refused)
        {
            using var client = app.NewClient(token);
            await (await client.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task An_agent_cannot_revoke_another_users_token(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        var colleague = await app.AddUserAsync(admin, "bo@acme.test", name: "Bo Agent");
        var adminsToken = await IssueAsync(admin, "CRM sync");
        var colleaguesToken = await IssueAsync(colleague, "Bo's script");
        var before = await app.SnapshotAsync();

        await (await agent.Client.DeleteAsync($"/api/v1/tokens/{adminsToken.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await agent.Client.DeleteAsync($"/api/v1/tokens/{colleaguesToken.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.TokenRowsAsync()).Select(t => t.Id).ShouldBe([adminsToken.Id, colleaguesToken.Id], ignoreOrder: true);
        using var integration = app.NewClient(colleaguesToken.Token!);
        (await integration.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task An_admin_can_revoke_an_agents_token(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        var agentsToken = await IssueAsync(agent, "Agent script");
        var agentsOtherToken = await IssueAsync(agent, "Agent backup");

        (await admin.Client.DeleteAsync($"/api/v1/tokens/{agentsToken.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await app.TokenRowsAsync()).Select(t => t.Id).ShouldBe([agentsOtherToken.Id]);
        using var revoked = app.NewClient(agentsToken.Token!);
        await (await revoked.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var kept = app.NewClient(agentsOtherToken.Token!);
        (await kept.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task An_admin_cannot_revoke_a_token_of_another_organisation(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" });
        var acme = await app.SetUpAsync(organizationName: "Acme");
        var globex = await app.SignUpAsync("Globex", "gus@globex.test");
        var acmeToken = await IssueAsync(acme, "CRM sync");
        var before = await app.SnapshotAsync();

        await (await globex.Client.DeleteAsync($"/api/v1/tokens/{acmeToken.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await app.SnapshotAsync()).ShouldBe(before);
        (await globex.Client.GetFromJsonAsync<Json.Page<ListedToken>>("/api/v1/tokens"))!.Items.ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task A_token_needs_a_name_of_at_most_100_characters(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { })).ShouldBeValidationProblemAsync("name");
        await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "   " })).ShouldBeValidationProblemAsync("name");
        await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = new string('n', 101) })).ShouldBeValidationProblemAsync("name");

        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<ApiToken>()).ShouldBe(0);
    }

    [ProviderFact]
    public async Task Deleting_a_user_revokes_their_tokens(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        var agentsToken = await IssueAsync(agent, "Agent script");
        var adminsToken = await IssueAsync(admin, "CRM sync");
        using var integration = app.NewClient(agentsToken.Token!);
        (await integration.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.Client.DeleteAsync($"/api/v1/users/{agent.UserId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await integration.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var rows = await app.TokenRowsAsync();
        rows.Select(t => t.Id).ShouldBe([adminsToken.Id]);
        (await app.QueryAsync(d => d.ApiTokens.IgnoreQueryFilters().AnyAsync(t => t.UserId == agent.UserId))).ShouldBeFalse();
    }

    [ProviderFact]
    public async Task A_token_is_personal_unless_an_admin_creates_it_as_an_integration_and_says_which(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        var personal = await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "My script" });
        var explicitPersonal = await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Laptop", kind = "Personal" });
        var integration = await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "CRM sync", kind = "Integration" });

        personal.StatusCode.ShouldBe(HttpStatusCode.Created);
        explicitPersonal.StatusCode.ShouldBe(HttpStatusCode.Created);
        integration.StatusCode.ShouldBe(HttpStatusCode.Created);
        var issued = new List<IssuedToken>();
        foreach (var response in new[] { personal, explicitPersonal, integration })
            issued.Add((await response.Content.ReadFromJsonAsync<IssuedToken>())!);
        issued.Select(t => (t.Name, t.Kind)).ShouldBe([("My script", "Personal"), ("Laptop", "Personal"), ("CRM sync", "Integration")]);
        var rows = await app.TokenRowsAsync();
        rows.Select(t => (t.Id, t.Kind)).ShouldBe(
            [(issued[0].Id, ApiTokenKind.Personal), (issued[1].Id, ApiTokenKind.Personal), (issued[2].Id, ApiTokenKind.Integration)], ignoreOrder: true);
        var listed = (await admin.Client.GetFromJsonAsync<Json.Page<ListedToken>>("/api/v1/tokens"))!.Items;
        listed.Select(t => (t.Id, t.Kind)).ShouldBe([(issued[0].Id, "Personal"), (issued[1].Id, "Personal"), (issued[2].Id, "Integration")], ignoreOrder: true);
    }

    [ProviderFact]
    public async Task An_agent_cannot_create_an_integration_token(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        var before = await app.SnapshotAsync();

        var refused = await agent.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Agent bot", kind = "Integration" });

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.Errors.ShouldNotBeNull().Keys.ShouldBe(["kind"]);
        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<ApiToken>()).ShouldBe(0);
        // Their own personal token is theirs to make.
        (await agent.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Agent script" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [ProviderFact]
    public async Task Tokens_are_listed_newest_first_a_page_at_a_time(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var made = new List<Json.IssuedToken>();
        foreach (var name in new[] { "one", "two", "three", "four", "five" })
        {
            made.Add(await IssueAsync(admin, name));
            // Two tokens made in the same instant are still ordered (by id).
            if (name != "three")
                app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var seen = new List<ListedToken>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = (await admin.Client.GetFromJsonAsync<Json.Page<ListedToken>>($"/api/v1/tokens?limit=2{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}"))!;
            page.Items.Count.ShouldBeLessThanOrEqualTo(2);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        pages.ShouldBe(3);
        seen.Select(t => t.Name).ShouldBe(["five", "four", "three", "two", "one"]);
        await (await admin.Client.GetAsync("/api/v1/tokens?limit=0")).ShouldBeValidationProblemAsync("limit");
        await (await admin.Client.GetAsync("/api/v1/tokens?cursor=nonsense")).ShouldBeValidationProblemAsync("cursor");
    }

    [ProviderFact]
    public async Task Tokens_made_before_token_kinds_existed_become_integration_tokens(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        var older = await IssueAsync(agent, "Old script");
        // The database as it was before migration 0016: no kinds, no tokens named in events.
        await using (var connection = app.OpenConnection())
        {
            await connection.OpenAsync();
            foreach (var sql in new[]
            {
                "ALTER TABLE api_tokens DROP COLUMN kind",
                "ALTER TABLE conversation_events DROP COLUMN actor_token_id",
                "ALTER TABLE conversation_events DROP COLUMN actor_token_name",
                "DELETE FROM schema_migrations WHERE version = 16",
            })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }
        }

        var applied = await new Parley.Platform.Persistence.Migrations.Migrator(
            new Parley.Platform.Persistence.DatabaseSettings(db == Db.Postgres ? Parley.Platform.Persistence.DatabaseProvider.Postgres : Parley.Platform.Persistence.DatabaseProvider.Sqlite, app.ConnectionString),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Parley.Platform.Persistence.Migrations.Migrator>.Instance, TimeProvider.System).MigrateAsync();

        applied.ShouldBe([16]);
        (await app.TokenRowsAsync()).Single(t => t.Id == older.Id).Kind.ShouldBe(ApiTokenKind.Integration);
        var listed = (await agent.Client.GetFromJsonAsync<Json.Page<ListedToken>>("/api/v1/tokens"))!.Items;
        listed.Single().Kind.ShouldBe("Integration");
        // A token made now is personal unless asked otherwise.
        (await IssueAsync(agent, "New script")).Id.ShouldNotBe(older.Id);
        (await app.TokenRowsAsync()).Where(t => t.Name == "New script").Select(t => t.Kind).ShouldBe([ApiTokenKind.Personal]);
    }
}
