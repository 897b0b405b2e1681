using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

/// <summary>
/// The API description (/openapi/v1.json) is the contract the web app's client is generated from.
/// Besides these tests, every response any test receives is checked against it (ContractCheckingHandler).
/// </summary>
public sealed partial class OpenApiContractTests
{
    public const string UpdateVariable = "PARLEY_UPDATE_OPENAPI";
    private const string RefreshCommand = "web/scripts/update-api.sh";

    [Fact]
    public async Task The_served_description_equals_the_checked_in_copy()
    {
        await using var app = await ParleyApp.StartAsync(Db.Sqlite);
        using var client = app.NewClient();
        var served = Normalize(await client.GetStringAsync("/openapi/v1.json"));
        var file = Path.Combine(RepositoryRoot(), "web", "src", "api", "openapi.json");

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(file, served);
            return;
        }
        var checkedIn = File.Exists(file) ? Normalize(await File.ReadAllTextAsync(file)) : "(missing)";
        if (checkedIn != served)
        {
            var line = FirstDifference(checkedIn, served);
            Assert.Fail($"web/src/api/openapi.json differs from the description the server serves (first at line {line}). " +
                $"The API changed: run `{RefreshCommand}` to refresh openapi.json and the generated schema.d.ts, review the diff and commit both.");
        }
    }

    [Fact]
    public async Task Every_operation_has_a_unique_name_and_documents_its_problems()
    {
        await using var app = await ParleyApp.StartAsync(Db.Sqlite);
        var contract = await app.ContractAsync();

        var ids = contract.Operations.Select(o => o.Node["operationId"]?.GetValue<string>()).ToList();
        ids.ShouldAllBe(id => !string.IsNullOrEmpty(id), "every endpoint is named with .WithName(...)");
        ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();

        var schemes = contract.Document["components"]!["securitySchemes"]!.AsObject();
        schemes["sessionCookie"]!["in"]!.GetValue<string>().ShouldBe("cookie");
        schemes["sessionCookie"]!["name"]!.GetValue<string>().ShouldBe("parley_session");
        schemes["apiToken"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");

        var login = contract.Find("POST", "/api/v1/auth/login")!;
        login.Node["security"]!.AsArray().ShouldBeEmpty();
        contract.Document["security"]!.AsArray().Count.ShouldBe(2);
        login.Node["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/LoginRequest");
        var users = contract.Find("POST", "/api/v1/users")!;
        users.Node["security"]!.AsArray().Count.ShouldBe(2);
        Statuses(users).ShouldBe(["201", "400", "401", "403", "409", "413", "415"]);
        users.Response(400)!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/HttpValidationProblemDetails");
        users.Response(415)!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/HttpValidationProblemDetails");
        Statuses(contract.Find("GET", $"/api/v1/conversations/{Guid.NewGuid()}")!).ShouldBe(["200", "401", "404"]);
        contract.Find("GET", "/api/v1/conversations")!.Node["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>())
            .ShouldContain("assigneeId");
        contract.Document["components"]!["schemas"]!["ConversationStatus"]!["type"]!.GetValue<string>().ShouldBe("string");
    }

    /// <summary>
    /// A client built from the description sends what it documents: each example (and, without one, a
    /// body made from the schema) reaches the handler instead of failing to bind. Made-up ids are fine
    /// (a 404 or 409); the examples must not be refused as invalid either.
    /// </summary>
    [ProviderFact]
    public async Task Every_documented_request_body_is_accepted(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var contract = await app.ContractAsync();
        var schemas = contract.Document["components"]!["schemas"]!.AsObject();
        var failures = new List<string>();

        foreach (var operation in contract.Operations)
        {
            if (operation.Node["requestBody"]?["content"]?["application/json"] is not JsonObject media)
                continue;
            var example = media["example"];
            var body = example?.DeepClone() ?? Synthesize(media["schema"], schemas, depth: 0);
            var path = PathParameter().Replace(operation.Path, _ => Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path)
            {
                Content = new StringContent(body?.ToJsonString() ?? "null", Encoding.UTF8, "application/json"),
            };
            HttpResponseMessage response;
            try
            {
                response = await admin.Client.SendAsync(request);
            }
            catch (ContractViolationException violation)
            {
                failures.Add($"{operation.OperationId}: {violation.Message}");
                continue;
            }
            if (response.StatusCode != HttpStatusCode.BadRequest)
                continue;
            var problem = await response.Content.ReadAsStringAsync();
            if (example is not null)
                failures.Add($"{operation.OperationId}: its documented example was refused: {problem}");
            else if (problem.Contains("could not be read", StringComparison.OrdinalIgnoreCase))
                failures.Add($"{operation.OperationId}: a body built from its schema could not be read: {body?.ToJsonString()} → {problem}");
        }

        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    private static string[] Statuses(ApiContract.Operation operation) =>
        operation.Node["responses"]!.AsObject().Select(r => r.Key).ToArray();

    /// <summary>A value of the schema's shape: every required property, the first enum value, non-null where null is allowed.</summary>
    private static JsonNode? Synthesize(JsonNode? schema, JsonObject schemas, int depth)
    {
        if (schema is not JsonObject node || depth > 8)
            return null;
        if (ApiContract.ReferenceName(node) is { } name)
            return Synthesize(schemas[name], schemas, depth + 1);
        foreach (var key in new[] { "oneOf", "anyOf" })
        {
            if (node[key] is JsonArray options)
                return Synthesize(options.FirstOrDefault(o => o?["type"]?.ToString() != "null"), schemas, depth + 1);
        }
        if (node["enum"] is JsonArray values)
            return values.FirstOrDefault(v => v is not null)?.DeepClone();
        var types = node["type"] switch
        {
            JsonArray list => list.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => node["properties"] is not null ? ["object"] : [],
        };
        var type = types.FirstOrDefault(t => t != "null");
        return type switch
        {
            "object" => new JsonObject(((node["properties"] as JsonObject) ?? [])
                .Where(p => (node["required"] as JsonArray)?.Any(r => r!.GetValue<string>() == p.Key) == true)
                .Select(p => KeyValuePair.Create(p.Key, Synthesize(p.Value, schemas, depth + 1)))),
            "array" => new JsonArray(),
            "string" => node["format"]?.GetValue<string>() switch
            {
                "uuid" => Guid.NewGuid().ToString(),
                "date-time" => "2026-11-03T10:00:00Z",
                "binary" => "",
                _ => "example",
            },
            "integer" or "number" => 1,
            "boolean" => false,
            _ => null,
        };
    }

    internal static string Normalize(string json) =>
        JsonSerializer.Serialize(JsonNode.Parse(json), new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .ReplaceLineEndings("\n") + "\n";

    private static int FirstDifference(string a, string b)
    {
        var left = a.Split('\n');
        var right = b.Split('\n');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            if (left[i] != right[i])
                return i + 1;
        }
        return Math.Min(left.Length, right.Length) + 1;
    }

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Parley.slnx")))
                return folder.FullName;
        }
        throw new InvalidOperationException("The repository root (Parley.slnx) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();
}
