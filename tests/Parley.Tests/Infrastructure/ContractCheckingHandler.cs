using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// Checks every response a test receives against the API description: the status must be documented
/// for the operation, and a JSON body (application/json, application/problem+json) must fit the
/// documented schema. A mismatch fails the test that made the request. Files, the event stream and
/// empty bodies are not JSON and only have their status checked.
/// With PARLEY_CONTRACT_SAMPLES set, the first responses per operation and status are also written
/// there, for web/tests/contract.test.mjs to type-check against the generated TypeScript types.
/// </summary>
public sealed class ContractCheckingHandler(Func<Task<ApiContract>> contract) : DelegatingHandler
{
    public const string SamplesVariable = "PARLEY_CONTRACT_SAMPLES";
    private const int SamplesPerResponse = 3;
    private static readonly ConcurrentDictionary<string, int> Written = new(StringComparer.Ordinal);
    private static readonly string? SamplesFolder = Environment.GetEnvironmentVariable(SamplesVariable) is { Length: > 0 } folder ? folder : null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri is not { } uri || request.Method == HttpMethod.Head)
            return response;
        var description = await contract();
        var operation = description.Find(request.Method.Method, uri.AbsolutePath);
        // Not an API operation (an unknown route, health checks, the description itself).
        if (operation is null)
            return response;

        var status = (int)response.StatusCode;
        // A server error is no part of any operation's contract (tests provoke some on purpose), but it
        // still leaves as problem details.
        var documented = status >= 500 ? description.ServerError : operation.Response(status);
        if (documented is null)
            Fail(operation, status, "$", $"the status {status} is not documented (documented: {string.Join(", ", ((JsonObject)operation.Node["responses"]!).Select(r => r.Key))}). " +
                "If the server is right, declare it on the endpoint (e.g. .ProducesProblem(...)) or teach src/Parley.Server/Platform/OpenApi/ContractTransformer.cs the rule.");

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !(mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal)))
            return response;
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var content = documented!["content"] as JsonObject;
        var schema = content?[mediaType]?["schema"];
        if (schema is null)
            Fail(operation, status, "$", $"the response is {mediaType}, but the description documents {(content is null ? "no body" : string.Join(", ", content.Select(c => c.Key)))} for it.");
        JsonElement body;
        try
        {
            body = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            Fail(operation, status, "$", $"the body is not JSON ({e.Message}).");
            throw;
        }
        var problems = description.Validate(schema!, body);
        if (problems.Count > 0)
            Fail(operation, status, "", $"the body does not match {ApiContract.ReferenceName(schema) ?? "the documented schema"}:\n  " + string.Join("\n  ", problems) + $"\nbody: {Shorten(text)}");
        WriteSample(operation, status, mediaType, schema!, text);
        return response;
    }

    private static void WriteSample(ApiContract.Operation operation, int status, string mediaType, JsonNode schema, string body)
    {
        if (SamplesFolder is null)
            return;
        var key = $"{operation.OperationId}.{status}";
        var count = Written.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (count > SamplesPerResponse)
            return;
        Directory.CreateDirectory(SamplesFolder);
        var sample = new JsonObject
        {
            ["operationId"] = operation.OperationId,
            ["status"] = status,
            ["mediaType"] = mediaType,
            ["schemaRef"] = ApiContract.ReferenceName(schema),
            ["body"] = JsonNode.Parse(body),
        };
        File.WriteAllText(Path.Combine(SamplesFolder, $"{key}.{count}.json"), sample.ToJsonString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    private static void Fail(ApiContract.Operation operation, int status, string path, string problem) =>
        throw new ContractViolationException($"API contract: {operation.Method} {operation.Path} ({operation.OperationId}) answered {status}{(path.Length > 0 ? $" at {path}" : "")}: {problem}");
}

public sealed class ContractViolationException(string message) : Exception(message);
