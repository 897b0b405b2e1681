using System.Net;
using System.Net.Http.Json;
using Parley.Testing;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.WebApp;

/// <summary>The server serves the built web app from its own origin (a stand-in build, so these run without Node).</summary>
public sealed class WebAppHostingTests
{
    private const string Csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    [Fact]
    public async Task The_app_answers_every_page_a_browser_opens_with_its_security_headers_and_no_caching()
    {
        var dist = FakeBuild();
        await using var app = await ParleyApp.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Parley:WebApp:Path"] = dist });
        using var browser = Browser(app);

        foreach (var page in new[] { "/", "/inbox/mine", "/conversations/0190a0a0-0000-7000-8000-000000000000?x=1" })
        {
            var response = await browser.GetAsync(page);

            response.StatusCode.ShouldBe(HttpStatusCode.OK, page);
            (await response.Content.ReadAsStringAsync()).ShouldContain("<div id=\"root\">");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            response.Headers.GetValues("Content-Security-Policy").ShouldBe([Csp]);
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            response.Headers.GetValues("Referrer-Policy").ShouldBe(["same-origin"]);
            response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_a_year_and_a_missing_one_is_a_404_not_the_app()
    {
        var dist = FakeBuild();
        await using var app = await ParleyApp.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Parley:WebApp:Path"] = dist });
        using var client = app.CreateDefaultClient(new Uri("https://localhost"));

        var asset = await client.GetAsync("/assets/index-abc123.js");
        asset.StatusCode.ShouldBe(HttpStatusCode.OK);
        asset.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        asset.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromDays(365));
        asset.Headers.CacheControl.Extensions.ShouldContain(e => e.Name == "immutable");
        asset.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);

        (await client.GetAsync("/assets/index-gone.js")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Server_paths_are_never_answered_with_the_app()
    {
        var dist = FakeBuild();
        await using var app = await ParleyApp.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Parley:WebApp:Path"] = dist });
        using var browser = Browser(app);

        var unknownApi = await browser.GetAsync("/api/v1/no-such-thing");
        unknownApi.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownApi.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await unknownApi.Content.ReadFromJsonAsync<Json.Problem>())!.Status.ShouldBe(404);

        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await browser.GetAsync("/healthz")).Content.Headers.ContentType?.MediaType.ShouldNotBe("text/html");
        (await browser.GetAsync("/openapi/v1.json")).Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        (await browser.GetAsync("/webhooks/twilio/0190a0a0-0000-7000-8000-000000000000")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_a_build_the_browser_is_told_how_to_build_the_app()
    {
        var empty = Directory.CreateTempSubdirectory("parley-no-dist-").FullName;
        await using var app = await ParleyApp.StartAsync(Db.Sqlite, new Dictionary<string, string?> { ["Parley:WebApp:Path"] = Path.Combine(empty, "dist") });
        using var browser = Browser(app);

        var response = await browser.GetAsync("/");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("npm ci &amp;&amp; npm run build");
        page.ShouldContain("Node.js 20");
        (await browser.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_console_says_which_url_to_open()
    {
        var port = Loopback.FreePort();
        await using var server = ServerProcess.Start($"--urls=http://0.0.0.0:{port}", $"--Parley:DataDirectory={Directory.CreateTempSubdirectory("parley-url-").FullName}");
        await server.WaitUntilListeningAsync();

        await server.WaitForOutputAsync($"Parley is running: open http://localhost:{port}");
    }

    private static HttpClient Browser(ParleyApp app)
    {
        var client = app.CreateDefaultClient(new Uri("https://localhost"));
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
        return client;
    }

    private static string FakeBuild()
    {
        var dist = Directory.CreateTempSubdirectory("parley-dist-").FullName;
        Directory.CreateDirectory(Path.Combine(dist, "assets"));
        File.WriteAllText(Path.Combine(dist, "index.html"),
            "<!doctype html><html><head><script type=\"module\" src=\"/assets/index-abc123.js\"></script></head><body><div id=\"root\"></div></body></html>");
        File.WriteAllText(Path.Combine(dist, "assets", "index-abc123.js"), "console.log('parley');");
        return dist;
    }
}
