using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Identity;

public sealed class SignInFlowTests
{
    [ProviderFact]
    public async Task Setup_login_create_agent_create_token_and_call_the_api_with_it(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var anonymous = app.NewClient();

        var setup = await anonymous.PostAsJsonAsync("/api/v1/setup", new { organizationName = "Acme", name = "Ada Admin", email = "ada@acme.test", password = ParleyApp.AdminPassword });
        setup.StatusCode.ShouldBe(HttpStatusCode.Created);

        using var browser = app.NewClient();
        var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = "ada@acme.test", password = ParleyApp.AdminPassword });
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parley_session=", StringComparison.Ordinal));
        cookie.ShouldStartWith("parley_session=");
        cookie.ShouldContain("secure", Case.Insensitive);
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);

        var agent = await browser.PostAsJsonAsync("/api/v1/users", new { name = "Bo Agent", email = "bo@acme.test", password = "agent password 1", role = "Agent" });
        agent.StatusCode.ShouldBe(HttpStatusCode.Created);

        var issued = await browser.PostAsJsonAsync("/api/v1/tokens", new { name = "CRM sync" });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created);
        var token = (await issued.Content.ReadFromJsonAsync<Json.IssuedToken>())!.Token!;
        token.ShouldStartWith("prl_");

        using var integration = app.NewClient(token);
        var users = await integration.GetFromJsonAsync<Json.Page<Json.User>>("/api/v1/users");
        users!.Items.Select(u => u.Email).ShouldBe(["ada@acme.test", "bo@acme.test"]);

        var stored = await app.QueryAsync(d => d.ApiTokens.IgnoreQueryFilters().SingleAsync());
        stored.Hash.ShouldBe(ApiToken.HashOf(token));
        stored.Hash.ShouldNotContain(token);
    }

    [ProviderFact]
    public async Task Logout_ends_the_cookie_session(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        (await admin.Client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.Client.PostAsync("/api/v1/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var after = await admin.Client.GetAsync("/api/v1/auth/me");
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        after.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [ProviderFact]
    public async Task A_session_started_on_one_node_is_accepted_by_another_node_on_the_same_database(string db)
    {
        await using var first = await ParleyApp.StartAsync(db);
        await first.SetUpAsync();
        using var browser = first.NewClient();
        var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = "ada@acme.test", password = ParleyApp.AdminPassword });
        var session = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parley_session=", StringComparison.Ordinal)).Split(';')[0];

        await using var second = first.StartAnotherNode();
        using var otherNode = second.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Add("Cookie", session);
        var me = await otherNode.SendAsync(request);

        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await me.Content.ReadFromJsonAsync<Json.Me>())!.User.Email.ShouldBe("ada@acme.test");
        (await first.QueryAsync(d => d.Set<DataProtectionKey>().CountAsync())).ShouldBe(1);
    }
}
