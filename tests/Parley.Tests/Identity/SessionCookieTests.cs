using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Parley.Testing;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Identity;

/// <summary>The session cookie is Secure when the client's request was HTTPS, so sign-in over plain HTTP on a local network works.</summary>
public sealed class SessionCookieTests
{
    [ProviderFact]
    public async Task Signing_in_over_plain_http_gives_a_cookie_that_is_not_Secure_and_keeps_the_session(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await app.SetUpAsync();
        // A browser's cookie jar: it never sends a Secure cookie back over plain HTTP.
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://parley.lan"), HandleCookies = true, AllowAutoRedirect = false });

        var login = await browser.LoginAsync("ada@acme.test", ParleyApp.AdminPassword);

        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parley_session=", StringComparison.Ordinal));
        cookie.ShouldNotContain("secure", Case.Insensitive);
        cookie.ShouldContain("httponly", Case.Insensitive);
        var me = await browser.GetAsync("/api/v1/auth/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await me.Content.ReadFromJsonAsync<Json.Me>())!.User.Email.ShouldBe("ada@acme.test");
    }

    [ProviderFact]
    public async Task The_cookie_is_Secure_over_https_and_through_a_trusted_proxy_saying_https_but_not_on_an_untrusted_ones_word(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:TrustedProxies"] = "10.1.0.0/16, 192.0.2.10" });
        await app.SetUpAsync();

        (await SessionCookieAsync(app, "https", "203.0.113.7", null)).ShouldContain("secure", Case.Insensitive);
        (await SessionCookieAsync(app, "http", "127.0.0.1", "https")).ShouldContain("secure", Case.Insensitive);
        (await SessionCookieAsync(app, "http", "10.1.2.3", "https")).ShouldContain("secure", Case.Insensitive);
        (await SessionCookieAsync(app, "http", "192.0.2.10", "https")).ShouldContain("secure", Case.Insensitive);
        (await SessionCookieAsync(app, "http", "203.0.113.7", "https")).ShouldNotContain("secure", Case.Insensitive);
        (await SessionCookieAsync(app, "http", "127.0.0.1", null)).ShouldNotContain("secure", Case.Insensitive);
    }

    [ProviderFact]
    public async Task With_an_https_public_base_url_the_cookie_is_always_Secure(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:PublicBaseUrl"] = "https://parley.example.com" });
        await app.SetUpAsync();

        (await SessionCookieAsync(app, "http", "203.0.113.7", null)).ShouldContain("secure", Case.Insensitive);
    }

    [Fact]
    public async Task The_real_server_keeps_a_plain_http_sign_in_in_a_browser_like_cookie_jar()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("parley-http-").FullName;
        var port = Loopback.FreePort();
        await using var server = ServerProcess.Start($"--urls=http://127.0.0.1:{port}", $"--Parley:DataDirectory={dataDirectory}");
        await server.WaitUntilListeningAsync();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        (await browser.PostAsJsonAsync("/api/v1/setup", new { organizationName = "Acme", name = "Ada", email = "ada@acme.test", password = ParleyApp.AdminPassword }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        (await browser.LoginAsync("ada@acme.test", ParleyApp.AdminPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private sealed class HasBody : Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    /// <summary>Signs Ada in with a request as a proxy or client at <paramref name="remoteIp"/> would send it; the session cookie set.</summary>
    private static async Task<string> SessionCookieAsync(ParleyApp app, string scheme, string remoteIp, string? forwardedProto)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { email = "ada@acme.test", password = ParleyApp.AdminPassword });
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Scheme = scheme;
            c.Request.Host = new HostString("parley.lan");
            c.Request.Path = "/api/v1/auth/login";
            c.Request.ContentType = "application/json";
            c.Request.ContentLength = body.Length;
            c.Request.Body = new MemoryStream(body);
            // The test server decides "has a body" before this runs; the login reads one.
            c.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>(new HasBody());
            c.Connection.RemoteIpAddress = IPAddress.Parse(remoteIp);
            if (forwardedProto is not null)
                c.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
        });
        context.Response.StatusCode.ShouldBe(StatusCodes.Status200OK, await new StreamReader(context.Response.Body).ReadToEndAsync());
        return context.Response.Headers.SetCookie.Select(c => c!).Single(c => c.StartsWith("parley_session=", StringComparison.Ordinal));
    }
}
