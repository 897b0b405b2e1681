using Parley.Tests.Attachments;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Parley.Platform.Persistence;
using Parley.Platform.Tenancy;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Tenancy;

/// <summary>
/// Nothing crosses organisations. The endpoint test enumerates the server's own route table, so
/// every endpoint added later that takes an id joins it without anyone remembering to add it.
/// </summary>
public sealed class TenancyTests
{
    [ProviderFact]
    public async Task Every_endpoint_that_takes_an_id_answers_404_to_another_organisation_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" });
        var (samples, ownerA) = await CreateOrganizationAWithOneOfEverythingAsync(app);
        var adminB = await app.SignUpAsync("Globex", "hank@globex.test");

        var endpoints = IdEndpoints(app).ToList();
        endpoints.Count.ShouldBeGreaterThanOrEqualTo(30);

        // The sample ids are real: organisation A's own admin can read each of them. (Reading
        // marks conversations read, so this happens before the snapshot.)
        var failures = new List<string>();
        foreach (var (_, pattern) in endpoints.Where(e => e.Method == "GET"))
        {
            var url = Fill(pattern, samples);
            var own = await ownerA.Client.GetAsync(url);
            if (own.StatusCode != HttpStatusCode.OK)
                failures.Add($"GET {url} answered {(int)own.StatusCode} to its own organisation; the sample is not valid");
        }
        var before = await app.SnapshotAsync();

        foreach (var (method, pattern) in endpoints)
        {
            var url = Fill(pattern, samples);
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is "POST" or "PUT" or "PATCH")
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await adminB.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NotFound)
                failures.Add($"{method} {url} answered {(int)response.StatusCode} to another organisation: {await response.Content.ReadAsStringAsync()}");
        }

        failures.ShouldBeEmpty();
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Lists_show_only_the_callers_organisation(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" });
        await CreateOrganizationAWithOneOfEverythingAsync(app);
        var adminB = await app.SignUpAsync("Globex", "hank@globex.test");

        var users = await adminB.Client.GetFromJsonAsync<Json.Page<Json.User>>("/api/v1/users");
        users!.Items.Select(u => u.Email).ShouldBe(["hank@globex.test"]);
        (await adminB.Client.GetFromJsonAsync<Json.Page<Json.Team>>("/api/v1/teams"))!.Items.ShouldBeEmpty();
        (await adminB.Client.GetFromJsonAsync<Json.Page<Json.IssuedToken>>("/api/v1/tokens"))!.Items.ShouldBeEmpty();
        (await adminB.Client.GetFromJsonAsync<Json.Organization>("/api/v1/organization"))!.Name.ShouldBe("Globex");
    }

    [Fact]
    public async Task Every_table_with_an_organization_id_is_tenant_owned_and_filtered()
    {
        await using var app = await ParleyApp.StartAsync(Db.Sqlite);
        var entityTypes = await app.QueryAsync(d => Task.FromResult(d.Model.GetEntityTypes().ToList()));

        var withOrganization = entityTypes.Where(e => e.FindProperty(nameof(ITenantOwned.OrganizationId)) is not null).ToList();
        withOrganization.Count.ShouldBeGreaterThanOrEqualTo(4);
        foreach (var entityType in withOrganization)
        {
            typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType).ShouldBeTrue($"{entityType.ClrType.Name} has OrganizationId but is not ITenantOwned");
            entityType.FindDeclaredQueryFilter(ParleyDbContext.TenantFilter).ShouldNotBeNull($"{entityType.ClrType.Name} has no tenant filter");
        }
    }

    private static async Task<(Dictionary<string, Guid> Samples, Actor Owner)> CreateOrganizationAWithOneOfEverythingAsync(ParleyApp app)
    {
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "bo@acme.test");
        var team = await (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = "Support" })).Content.ReadFromJsonAsync<Json.Team>();
        (await admin.Client.PutAsync($"/api/v1/teams/{team!.Id}/members/{agent.UserId}", null)).EnsureSuccessStatusCode();
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "CRM" })).Content.ReadFromJsonAsync<Json.IssuedToken>();
        var contact = await (await agent.Client.PostAsJsonAsync("/api/v1/contacts", new { name = "Alice Moreau", phone = "+15550102000" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Parley.Contacts.ContactResponse>();
        var channel = await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Website bot", teamId = team.Id })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.Channel>();
        using var bot = app.NewClient(token!.Token!);
        var inbound = await (await bot.PostAsJsonAsync($"/api/v1/channels/{channel!.Id}/inbound",
                new { contact = new { name = "Carla Customer", phone = "+15550109999" }, text = "Hello?", externalMessageId = "ext-1" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Inbound>();
        var file = await admin.Client.UploadedAsync(Parley.Tests.Attachments.Files.Png());
        var note = await (await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{inbound!.ConversationId}/messages", new { text = "VIP", kind = "note", attachmentIds = new[] { file.Id } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Posted>();
        var template = await (await admin.Client.PostAsJsonAsync("/api/v1/templates", new { kind = "Conversation", name = "Greeting", text = "Hello {{contact.name}}" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        var run = await (await admin.Client.PostAsync("/api/v1/maintenance/runs?dryRun=true", null)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        // Keyed by the literal segment before the parameter: /teams/{id}/members/{userId}.
        var samples = new Dictionary<string, Guid>
        {
            ["users"] = agent.UserId,
            ["teams"] = team.Id,
            ["members"] = agent.UserId,
            ["tokens"] = token!.Id,
            ["contacts"] = contact!.Id,
            ["channels"] = channel.Id,
            ["conversations"] = inbound.ConversationId,
            ["notes"] = note!.Message.Id,
            ["messages"] = note.Message.Id,
            ["templates"] = template.GetProperty("id").GetGuid(),
            ["attachments"] = file.Id,
            ["runs"] = run.GetProperty("id").GetGuid(),
        };
        return (samples, admin);
    }

    private static IEnumerable<(string Method, RoutePattern Pattern)> IdEndpoints(ParleyApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Count > 0 && (e.RoutePattern.RawText ?? "").StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern)))
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal).ThenBy(e => e.m, StringComparer.Ordinal);

    private static string Fill(RoutePattern pattern, Dictionary<string, Guid> samples)
    {
        var url = new StringBuilder();
        var previousLiteral = "";
        foreach (var segment in pattern.PathSegments)
        {
            url.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        url.Append(literal.Content);
                        previousLiteral = literal.Content;
                        break;
                    case RoutePatternParameterPart:
                        if (!samples.TryGetValue(previousLiteral, out var id))
                            throw new InvalidOperationException($"{pattern.RawText}: add a sample id of organisation A for '{previousLiteral}' to this test.");
                        url.Append(id);
                        break;
                }
            }
        }
        return url.ToString();
    }
}
