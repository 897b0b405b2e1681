using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

public sealed class HealthTests
{
    [ProviderFact]
    public async Task Health_and_readiness_answer_without_sign_in(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var client = app.NewClient();

        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/readyz");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [ProviderFact]
    public async Task Unknown_route_is_a_404_problem_with_the_correlation_id(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var client = app.NewClient();
        client.DefaultRequestHeaders.Add("X-Correlation-ID", "req-42");

        var response = await client.GetAsync("/api/v1/no-such-thing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.GetValues("X-Correlation-ID").ShouldBe(["req-42"]);
        var problem = await response.Content.ReadFromJsonAsync<Json.Problem>();
        problem!.Status.ShouldBe(404);
        problem.CorrelationId.ShouldBe("req-42");
    }
}
