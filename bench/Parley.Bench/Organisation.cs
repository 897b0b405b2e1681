using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Bench;

/// <summary>
/// The organisation the bench measures, created through the public API exactly as an operator
/// would: setup, sign-in, agents, an API channel, and an API token that the measurements use.
/// </summary>
public static class Organisation
{
    internal const string AdminEmail = "admin@bench.local";
    // Throwaway credentials of a throwaway database.
    internal const string Password = "bench-password-1";

    public static async Task<string> CreateAsync(Uri server, int agents)
    {
        using var http = await SetUpAsync(server);

        for (var i = 1; i <= agents; i++)
        {
            using var _ = await PostAsync(http, "/api/v1/users", new
            {
                name = $"Agent {i.ToString(CultureInfo.InvariantCulture)}",
                email = $"agent{i.ToString(CultureInfo.InvariantCulture)}@bench.local",
                password = Password,
                role = "Agent",
            });
        }

        // The API channel every conversation arrives on. Where the server has no channels endpoint
        // yet, the filler inserts the row itself.
        using (var channel = await http.PostAsJsonAsync("/api/v1/channels", new { type = "Api", name = "Bench API" }))
        {
            if (!channel.IsSuccessStatusCode && channel.StatusCode != System.Net.HttpStatusCode.NotFound)
                throw new InvalidOperationException($"POST /api/v1/channels answered {(int)channel.StatusCode}: {await channel.Content.ReadAsStringAsync()}");
        }

        return await IssueTokenAsync(http);
    }

    /// <summary>Runs setup (the organisation and its admin) and returns a client signed in as the admin.</summary>
    public static async Task<HttpClient> SetUpAsync(Uri server)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(1) };
        using (await PostAsync(http, "/api/v1/setup", new { organizationName = "Bench Ltd", name = "Ada Admin", email = AdminEmail, password = Password }))
        {
        }
        await SignInAsync(http);
        return http;
    }

    /// <summary>A new API token for the admin of an organisation an earlier run created.</summary>
    public static async Task<string> SignInAgainAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(1) };
        await SignInAsync(http);
        return await IssueTokenAsync(http);
    }

    public static HttpClient Client(Uri server, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task SignInAsync(HttpClient http)
    {
        using var login = await PostAsync(http, "/api/v1/auth/login", new { email = AdminEmail, password = Password });
        // The session cookie is Secure, so a cookie jar would not send it back over plain HTTP to
        // 127.0.0.1; it is carried by hand instead, with the antiforgery cookies and the token that
        // every mutation of a cookie session echoes as X-XSRF-TOKEN (as the web app does).
        var cookies = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        if (!cookies.Any(c => c.StartsWith("parley_session=", StringComparison.Ordinal)))
            throw new InvalidOperationException("The sign-in answer set no parley_session cookie.");
        var token = cookies.Single(c => c.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal)).Split('=', 2)[1];
        http.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
        http.DefaultRequestHeaders.Add("X-XSRF-TOKEN", Uri.UnescapeDataString(token));
    }

    private static async Task<string> IssueTokenAsync(HttpClient http)
    {
        using var created = await PostAsync(http, "/api/v1/tokens", new { name = "bench" });
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
