extern alias JsonEverything;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JsonEverything::Json.Schema;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The server's own description (/openapi/v1.json), read once per test process, as a validator of
/// real responses: which operation a request hit, whether the status is documented, and whether
/// the JSON body fits the documented schema. Object schemas that list properties are made strict
/// (additionalProperties: false) in this copy, so an undocumented property is a mismatch too.
/// </summary>
public sealed partial class ApiContract
{
    private const string DefsBase = "https://parley.test/openapi.json";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ApiContract? _loaded;

    private readonly List<Operation> _operations;
    private readonly SchemaRegistry _registry = new();
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    // Building a schema resolves its references through the shared registry, which is not safe to
    // change from two threads at once: tests run in parallel, so builds take turns (evaluation does not).
    private readonly Lock _building = new();

    public JsonObject Document { get; }

    /// <summary>What any operation answers when the server fails: problem details.</summary>
    public JsonObject ServerError { get; } = new()
    {
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" } } },
    };
    public IReadOnlyList<Operation> Operations => _operations;

    static ApiContract()
    {
        // OpenAPI's number formats, unknown to JSON Schema: with format validation on they must be known.
        FormatRegistry.Global.Register(new PredicateFormat("int32", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt32(out _)));
        FormatRegistry.Global.Register(new PredicateFormat("int64", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt64(out _)));
        FormatRegistry.Global.Register(new PredicateFormat("binary", _ => true));
    }

    private ApiContract(JsonObject document)
    {
        Document = document;
        var components = (JsonObject?)document["components"]?["schemas"]?.DeepClone() ?? [];
        foreach (var (_, schema) in components)
            Strict(schema);
        var root = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$id"] = DefsBase, ["$defs"] = Absolute(components) };
        var built = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = _registry });
        _registry.Register(new Uri(DefsBase), built);
        _operations = ReadOperations(document);
    }

    /// <summary>The description, fetched from the first server a test starts (every server describes the same API).</summary>
    public static async Task<ApiContract> LoadAsync(Func<Task<string>> fetch)
    {
        if (_loaded is not null)
            return _loaded;
        await Gate.WaitAsync();
        try
        {
            return _loaded ??= new ApiContract((JsonObject)JsonNode.Parse(await fetch())!);
        }
        finally
        {
            Gate.Release();
        }
    }

    public sealed record Operation(string Method, string Path, string OperationId, Regex Pattern, int Parameters, JsonObject Node)
    {
        public JsonObject? Response(int status) =>
            (Node["responses"] as JsonObject)?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] as JsonObject
            ?? (Node["responses"] as JsonObject)?[$"{status / 100}XX"] as JsonObject
            ?? (Node["responses"] as JsonObject)?["default"] as JsonObject;
    }

    /// <summary>The operation for a request, preferring literal segments (/conversations/read) over parameters ({id}).</summary>
    public Operation? Find(string method, string path) =>
        _operations.Where(o => o.Method == method && o.Pattern.IsMatch(path)).OrderBy(o => o.Parameters).FirstOrDefault();

    /// <summary>The mismatches of a JSON value against a schema (a $ref or an inline schema of the description).</summary>
    public IReadOnlyList<string> Validate(JsonNode schemaNode, JsonElement instance)
    {
        var key = schemaNode.ToJsonString();
        var schema = _schemas.TryGetValue(key, out var known) ? known : Build(schemaNode, key);
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true });
        if (results.IsValid)
            return [];
        var problems = Flatten(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"at '{d.InstanceLocation}': {e.Value} ({e.Key}, schema {d.EvaluationPath})"))
            .Distinct()
            .ToList();
        return problems.Count > 0 ? problems : ["does not match the schema"];
    }

    private JsonSchema Build(JsonNode schemaNode, string key)
    {
        lock (_building)
        {
            if (_schemas.TryGetValue(key, out var known))
                return known;
            var copy = schemaNode.DeepClone();
            Strict(copy);
            var wrapped = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$id"] = $"https://parley.test/schema/{Guid.NewGuid():N}", ["allOf"] = new JsonArray(Absolute(copy)) };
            var schema = JsonSchema.FromText(wrapped.ToJsonString(), new BuildOptions { SchemaRegistry = _registry });
            _schemas[key] = schema;
            return schema;
        }
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results)
    {
        yield return results;
        foreach (var detail in results.Details ?? [])
        {
            foreach (var nested in Flatten(detail))
                yield return nested;
        }
    }

    /// <summary>The component name of a "$ref" schema, for the TypeScript check.</summary>
    public static string? ReferenceName(JsonNode? schema) =>
        schema?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal)
            ? reference["#/components/schemas/".Length..]
            : null;

    private static List<Operation> ReadOperations(JsonObject document)
    {
        var operations = new List<Operation>();
        foreach (var (path, item) in (JsonObject)document["paths"]!)
        {
            foreach (var (method, node) in (JsonObject)item!)
            {
                if (node is not JsonObject operation || operation["responses"] is null)
                    continue;
                var parameters = PathParameter().Matches(path).Count;
                var pattern = new Regex("^" + PathParameter().Replace(Regex.Escape(path).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "/?$");
                operations.Add(new Operation(method.ToUpperInvariant(), path, operation["operationId"]?.GetValue<string>() ?? $"{method} {path}", pattern, parameters, operation));
            }
        }
        return operations;
    }

    /// <summary>No undocumented properties: an object schema that lists its properties allows no others.</summary>
    private static void Strict(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["properties"] is JsonObject && !schema.ContainsKey("additionalProperties"))
                    schema["additionalProperties"] = false;
                foreach (var (_, child) in schema.ToList())
                    Strict(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    Strict(child);
                break;
        }
    }

    /// <summary>Points every "#/components/schemas/X" at the registered definitions.</summary>
    private static JsonNode Absolute(JsonNode node)
    {
        var text = node.ToJsonString().Replace("\"#/components/schemas/", $"\"{DefsBase}#/$defs/", StringComparison.Ordinal);
        return JsonNode.Parse(text)!;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();
}
