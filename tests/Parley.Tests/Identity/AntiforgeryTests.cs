using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Identity;

/// <summary>A mutation by session cookie needs the XSRF-TOKEN cookie's value echoed as X-XSRF-TOKEN; bearer tokens do not.</summary>
public sealed class AntiforgeryTests
{
    [ProviderFact]
    public async Task A_cookie_mutation_without_the_antiforgery_header_is_refused_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await app.SetUpAsync();
        using var forged = app.NewClientWithoutAntiforgery(out var cookies);
        (await forged.PostAsJsonAsync("/api/v1/auth/login", new { email = "ada@acme.test", password = ParleyApp.AdminPassword })).EnsureSuccessStatusCode();

        var withoutHeader = await forged.PostAsJsonAsync("/api/v1/users", new { name = "Mallory", email = "mallory@acme.test", password = ParleyApp.AdminPassword, role = "Admin" });
        forged.DefaultRequestHeaders.Add("X-XSRF-TOKEN", "not-the-token");
        var wrongHeader = await forged.PostAsJsonAsync("/api/v1/users", new { name = "Mallory", email = "mallory@acme.test", password = ParleyApp.AdminPassword, role = "Admin" });

        foreach (var refused in new[] { withoutHeader, wrongHeader })
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = await refused.Content.ReadFromJsonAsync<Json.Problem>();
            problem!.Title.ShouldContain("antiforgery token");
            problem.Detail.ShouldNotBeNull().ShouldContain("X-XSRF-TOKEN");
        }
        (await app.QueryAsync(d => d.Users.IgnoreQueryFilters().CountAsync())).ShouldBe(1);
        // The session itself still works for reading: only the forged mutation was refused.
        (await forged.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        cookies.GetCookies(new Uri("https://localhost"))["XSRF-TOKEN"].ShouldNotBeNull();
    }

    [ProviderFact]
    public async Task A_cookie_mutation_echoing_the_token_the_server_issued_succeeds(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await app.SetUpAsync();
        using var browser = app.NewClientWithoutAntiforgery(out var cookies);

        var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = "ada@acme.test", password = ParleyApp.AdminPassword });

        login.EnsureSuccessStatusCode();
        // Readable by the page's script (not HttpOnly), same-site only.
        var setCookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal));
        setCookie.ShouldNotContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=strict", Case.Insensitive);
        var token = cookies.GetCookies(new Uri("https://localhost"))["XSRF-TOKEN"]!.Value;
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users")
        {
            Content = JsonContent.Create(new { name = "Agnes", email = "agnes@acme.test", password = ParleyApp.AdminPassword, role = "Agent" }),
        };
        create.Headers.Add("X-XSRF-TOKEN", Uri.UnescapeDataString(token));
        (await browser.SendAsync(create)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await app.QueryAsync(d => d.Users.IgnoreQueryFilters().CountAsync(u => u.Email == "agnes@acme.test"))).ShouldBe(1);

        // GET /api/v1/auth/me (what the app asks on every load) issues a token too.
        cookies.SetCookies(new Uri("https://localhost"), "XSRF-TOKEN=; Max-Age=0; Path=/");
        var me = await browser.GetAsync("/api/v1/auth/me");
        me.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task A_token_issued_to_one_user_does_not_pass_for_another(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        await app.AddUserAsync(admin, "agnes@acme.test");
        using var adaBrowser = app.NewClientWithoutAntiforgery(out var adaCookies);
        (await adaBrowser.PostAsJsonAsync("/api/v1/auth/login", new { email = "ada@acme.test", password = ParleyApp.AdminPassword })).EnsureSuccessStatusCode();
        using var agnes = app.NewClientWithoutAntiforgery(out _);
        (await agnes.PostAsJsonAsync("/api/v1/auth/login", new { email = "agnes@acme.test", password = ParleyApp.AdminPassword })).EnsureSuccessStatusCode();

        agnes.DefaultRequestHeaders.Add("X-XSRF-TOKEN", Uri.UnescapeDataString(adaCookies.GetCookies(new Uri("https://localhost"))["XSRF-TOKEN"]!.Value));
        var response = await agnes.PostAsJsonAsync("/api/v1/tokens", new { name = "stolen" });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.QueryAsync(d => d.ApiTokens.IgnoreQueryFilters().CountAsync())).ShouldBe(0);
    }

    [ProviderFact]
    public async Task Bearer_token_mutations_need_no_antiforgery_header(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var issued = await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "script" });
        issued.StatusCode.ShouldBe(HttpStatusCode.Created);
        var secret = (await issued.Content.ReadFromJsonAsync<TokenIssued>())!.Token;
        using var script = app.NewClient(secret);

        var response = await script.PostAsJsonAsync("/api/v1/users", new { name = "Agnes", email = "agnes@acme.test", password = ParleyApp.AdminPassword, role = "Agent" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.RequestMessage!.Headers.Contains("X-XSRF-TOKEN").ShouldBeFalse();
        (await app.QueryAsync(d => d.Users.IgnoreQueryFilters().CountAsync(u => u.Email == "agnes@acme.test"))).ShouldBe(1);
    }

    private sealed record TokenIssued(string Token);
}
