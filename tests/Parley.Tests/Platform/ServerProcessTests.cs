using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Testing;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

/// <summary>The server as an operator runs it: a real process on a loopback port.</summary>
public sealed class ServerProcessTests
{
    [ProviderFact]
    public async Task The_server_process_serves_the_api_and_logs_every_request_as_json_with_its_correlation_id_and_no_secrets(string db)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("parley-process-").FullName;
        var connectionString = db == Db.Postgres ? await PostgresCluster.CreateEmptyDatabaseAsync() : "";
        var port = Loopback.FreePort();
        await using var server = ServerProcess.Start(
            $"--urls=http://127.0.0.1:{port}",
            $"--Parley:Database:Provider={db}",
            $"--ConnectionStrings:Parley={connectionString}",
            $"--Parley:DataDirectory={dataDirectory}",
            "--Logging:Console:FormatterName=json");
        await server.WaitUntilListeningAsync();

        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var password = "a long secret passphrase";
        (await http.PostAsJsonAsync("/api/v1/setup", new { organizationName = "Acme", name = "Ada", email = "ada@acme.test", password })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "ada@acme.test", password });
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookies = LoginCookies.From(login);
        var session = cookies.Session;

        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = JsonContent.Create(new { name = "ci" }) };
        cookies.Apply(tokenRequest);
        var token = (await (await http.SendAsync(tokenRequest)).Content.ReadFromJsonAsync<Json.IssuedToken>())!.Token!;

        using var call = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users");
        call.Headers.Authorization = new("Bearer", token);
        call.Headers.Add("X-Correlation-ID", "trace-me-123");
        var users = await http.SendAsync(call);
        users.StatusCode.ShouldBe(HttpStatusCode.OK);
        users.Headers.GetValues("X-Correlation-ID").ShouldBe(["trace-me-123"]);

        await server.DisposeAsync();
        var output = server.Output.ToList();
        var requestLogs = output.Where(l => l.StartsWith('{') && l.Contains("Parley.Requests", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        requestLogs.Count.ShouldBeGreaterThanOrEqualTo(4);
        requestLogs.Select(CorrelationIdOf).ShouldAllBe(id => !string.IsNullOrEmpty(id));
        requestLogs.Where(l => CorrelationIdOf(l) == "trace-me-123")
            .Select(l => (l.GetProperty("State").GetProperty("Path").GetString(), l.GetProperty("State").GetProperty("StatusCode").GetInt32()))
            .ShouldBe([("/api/v1/users", 200)]);

        var everything = string.Join('\n', output);
        everything.ShouldNotContain(password);
        everything.ShouldNotContain(token);
        everything.ShouldNotContain(session.Split('=', 2)[1]);
    }

    private static string? CorrelationIdOf(JsonElement logLine) =>
        logLine.GetProperty("Scopes").EnumerateArray()
            .Select(s => s.TryGetProperty("CorrelationId", out var id) ? id.GetString() : null)
            .FirstOrDefault(id => id is not null);
}
