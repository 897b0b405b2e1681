using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;

namespace Parley.Tests.Infrastructure;

/// <summary>Steps many tests share: reading problem answers, signing in, reading user rows.</summary>
internal static class HttpAssertions
{
    public const string OtherPassword = "another long passphrase";

    /// <summary>The answer is RFC 7807 problem details with this status.</summary>
    public static async Task<Json.Problem> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<Json.Problem>();
        problem.ShouldNotBeNull();
        problem.Status.ShouldBe((int)status);
        return problem;
    }

    /// <summary>The answer is a 400 whose <c>errors</c> name exactly these fields.</summary>
    public static async Task<Json.Problem> ShouldBeValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors.ShouldNotBeNull();
        problem.Errors.Keys.Order(StringComparer.Ordinal).ShouldBe(fields.Order(StringComparer.Ordinal));
        problem.Errors.Values.ShouldAllBe(messages => messages.Length > 0);
        return problem;
    }

    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });

    /// <summary>An admin adds a user without signing them in.</summary>
    public static async Task<Guid> CreateUserAsync(this Actor admin, string email, string role = "Agent", string name = "Agnes Agent")
    {
        var response = await admin.Client.PostAsJsonAsync("/api/v1/users", new { name, email, password = ParleyApp.AdminPassword, role });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<Json.User>())!.Id;
    }

    public static Task<User?> FindUserAsync(this ParleyApp app, Guid id) =>
        app.QueryAsync(db => db.Users.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id));

    public static async Task<User> UserRowAsync(this ParleyApp app, Guid id) =>
        (await app.FindUserAsync(id)).ShouldNotBeNull();

    public static Task<List<ApiToken>> TokenRowsAsync(this ParleyApp app) =>
        app.QueryAsync(db => db.ApiTokens.IgnoreQueryFilters().AsNoTracking().OrderBy(t => t.CreatedAt).ToListAsync());

    public static DateTime Now(this ParleyApp app) => app.Clock.GetUtcNow().UtcDateTime;
}
