using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

public sealed class RequestHandlingTests
{
    [ProviderFact]
    public async Task Malformed_json_is_a_400_problem_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        var response = await admin.Client.PostAsync("/api/v1/teams", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<Json.Problem>();
        problem!.Errors.ShouldNotBeNull().Values.Single().Single().ShouldContain("not valid JSON");
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task A_body_over_the_size_limit_is_refused_with_413_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:MaxRequestBodyBytes"] = "4096" });
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        var response = await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = new string('x', 5000) });

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Validation_errors_name_each_invalid_field(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        var response = await admin.Client.PostAsJsonAsync("/api/v1/users", new { name = "", email = "not-an-email", password = "short" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<Json.Problem>();
        problem!.Errors!.Keys.Order().ShouldBe(["email", "name", "password"]);
        problem.CorrelationId.ShouldNotBeNullOrEmpty();
    }

    [ProviderFact]
    public async Task A_signed_out_caller_gets_401_problem_details(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var client = app.NewClient();

        var response = await client.GetAsync("/api/v1/users");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api()
    {
        await using var app = await ParleyApp.StartAsync(Db.Sqlite);
        using var client = app.NewClient();

        var response = await client.GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/v1/setup");
        paths.ShouldContain("/api/v1/auth/login");
        paths.ShouldContain("/api/v1/users/{id}");
        paths.ShouldContain("/api/v1/teams/{id}/members/{userId}");
    }
}
