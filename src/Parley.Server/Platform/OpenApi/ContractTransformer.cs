using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Parley.Platform.OpenApi;

/// <summary>
/// Turns the framework's description into the contract clients rely on. Each rule reads endpoint
/// metadata (route, method, authorization, the handler's TypedResults) rather than naming endpoints:
/// <list type="bullet">
/// <item>problem responses: 400 where a body or query is read or the handler returns a validation problem,
/// 401 unless anonymous, 403 under a policy beyond "signed in" (or declared with <c>ProducesProblem(403)</c>
/// where a handler refuses by itself) and on every signed-in mutation (the session's antiforgery check), 404 where the route names something, 409 on mutations that write,
/// 413 where a body is read, 415 (naming the field 'body') where it must be JSON; all as application/problem+json;</item>
/// <item>the session cookie and bearer tokens on every operation that needs a signed-in caller;</item>
/// <item>query parameters under their JSON (camelCase) names; enums as strings; numbers as numbers;</item>
/// <item>examples for request bodies (<see cref="RequestExamples"/>).</item>
/// </list>
/// </summary>
internal sealed partial class ContractTransformer : IOpenApiDocumentTransformer
{
    public const string CookieScheme = "sessionCookie";
    public const string BearerScheme = "apiToken";
    public const string ProblemSchema = "ProblemDetails";
    public const string ValidationProblemSchema = "HttpValidationProblemDetails";
    private const string ProblemJson = "application/problem+json";

    private static readonly JsonSerializerOptions ExampleJson = new(JsonSerializerDefaults.Web);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Parley API",
            Version = "v1",
            Description = "The HTTP API of Parley, a self-hosted shared inbox for SMS, WhatsApp and API channels. " +
                "Sign in with the session cookie (POST /api/v1/auth/login) or send an API token as 'Authorization: Bearer prl_…'. " +
                "Every error is RFC 7807 problem details; a 400 names the invalid fields in 'errors' by their JSON names.",
            License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
        };
        // The document is served by the server it describes: relative to it, whatever its address.
        document.Servers = [new OpenApiServer { Url = "/" }];

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[ProblemSchema] = Problem(withErrors: false);
        document.Components.Schemas[ValidationProblemSchema] = Problem(withErrors: true);
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = "parley_session",
                Description = "The session cookie set by POST /api/v1/auth/login (HttpOnly, SameSite=Strict). A mutation with it must echo the XSRF-TOKEN cookie " +
                    "(set at sign-in and by GET /api/v1/auth/me) in the X-XSRF-TOKEN header, or it is refused with a 403.",
            },
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "prl_…",
                Description = "An API token from POST /api/v1/tokens, sent as 'Authorization: Bearer prl_…'.",
            },
        };

        var descriptions = new Dictionary<string, ApiDescription>(StringComparer.Ordinal);
        foreach (var description in context.DescriptionGroups.SelectMany(g => g.Items))
            descriptions.TryAdd(Key(description.HttpMethod ?? "GET", description.RelativePath ?? ""), description);

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                if (descriptions.TryGetValue(Key(method.Method, path), out var description))
                    Describe(document, operation, description);
            }
        }

        document.Security = SignedIn(document);
        foreach (var schema in document.Components.Schemas.Values)
        {
            // A nullable use says so where it is used (oneOf null); the enum itself is never null.
            if (schema is OpenApiSchema { Enum: { Count: > 0 } values } enumeration)
            {
                enumeration.Enum = values.Where(v => v is not null).ToList();
                if (enumeration.Type is { } type)
                    enumeration.Type = type & ~JsonSchemaType.Null;
            }
            Tidy(schema);
        }
        OptionalWhenNullable(document);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            foreach (var parameter in operation.Parameters ?? [])
                Tidy(parameter.Schema);
            foreach (var media in (operation.RequestBody?.Content?.Values ?? []).Concat((operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Content?.Values ?? [])))
                Tidy(media.Schema);
        }
        return Task.CompletedTask;
    }

    /// <summary>A string kept as a string (see <see cref="OneOfAttribute"/>) is described by the words it accepts.</summary>
    internal static void Enumerate(OpenApiSchema schema, OneOfAttribute oneOf)
    {
        var nullable = schema.Type is { } type && type.HasFlag(JsonSchemaType.Null);
        schema.Enum = [.. oneOf.Values.Select(v => (JsonNode)JsonValue.Create(v)!)];
        if (nullable)
            schema.Enum.Add(null!);
    }

    private static void Describe(OpenApiDocument document, OpenApiOperation operation, ApiDescription description)
    {
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = (description.HttpMethod ?? "GET").ToUpperInvariant();
        var mutation = method is not ("GET" or "HEAD" or "OPTIONS");
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var restricted = metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null);
        var routeNamesSomething = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path);
        var readsQuery = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Query);
        var readsBody = operation.RequestBody is not null;
        var declared = metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
        var results = ResultTypes(metadata.OfType<MethodInfo>().FirstOrDefault());
        // A problem result's status is known only to the handler; a refusal without metadata is 401/403.
        var mayRefuse = results.Contains(typeof(ProblemHttpResult)) || results.Contains(typeof(IResult));
        if (results.Contains(typeof(UnauthorizedHttpResult)))
            declared.Add(StatusCodes.Status401Unauthorized);
        if (results.Contains(typeof(ForbidHttpResult)))
            declared.Add(StatusCodes.Status403Forbidden);

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Query && description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Query && p.Name == parameter.Name)
                    ?.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: var info }
                && info.GetCustomAttribute<OneOfAttribute>() is { } oneOf && parameter.Schema is OpenApiSchema schema)
                Enumerate(schema, oneOf);
            // [AsParameters] records bind case-insensitively; clients send the JSON (camelCase) names.
            if (parameter.In == ParameterLocation.Query && parameter.Name is { Length: > 0 } name)
                parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
        }

        operation.Responses ??= [];
        if (readsBody || readsQuery || declared.Contains(StatusCodes.Status400BadRequest))
            AddProblem(document, operation, StatusCodes.Status400BadRequest, "The request is invalid: 'errors' names each invalid field by its JSON name.", ValidationProblemSchema);
        if (!anonymous)
            AddProblem(document, operation, StatusCodes.Status401Unauthorized, "Not signed in: no valid session cookie or API token.");
        else if (declared.Contains(StatusCodes.Status401Unauthorized))
            AddProblem(document, operation, StatusCodes.Status401Unauthorized, "The credentials were not accepted.");
        // A signed-in mutation by session cookie is refused without the antiforgery header (Identity/SessionAntiforgery).
        if (mutation && !anonymous)
            AddProblem(document, operation, StatusCodes.Status403Forbidden, (restricted || declared.Contains(StatusCodes.Status403Forbidden)
                ? "Signed in, but not allowed to do this; or, with the session cookie, the X-XSRF-TOKEN header does not match the XSRF-TOKEN cookie."
                : "With the session cookie, the X-XSRF-TOKEN header does not match the XSRF-TOKEN cookie (API tokens are exempt)."));
        else if (restricted || declared.Contains(StatusCodes.Status403Forbidden))
            AddProblem(document, operation, StatusCodes.Status403Forbidden, "Signed in, but not allowed to do this.");
        // A body that names other things by id (contactId, channelId) may name one that does not exist.
        var bodyNamesSomething = mayRefuse && NamesIds(document, operation.RequestBody?.Content?.Values.FirstOrDefault()?.Schema);
        if (routeNamesSomething || bodyNamesSomething || declared.Contains(StatusCodes.Status404NotFound))
            AddProblem(document, operation, StatusCodes.Status404NotFound, "Nothing of that id in your organisation.");
        // Any write may meet a concurrent one (unique names, a changed row: Platform/Problems); a
        // mutation that reads no body, names nothing and cannot refuse writes nothing that could clash.
        if ((mutation && (readsBody || routeNamesSomething || mayRefuse)) || declared.Contains(StatusCodes.Status409Conflict))
            AddProblem(document, operation, StatusCodes.Status409Conflict, "The request conflicts with the current state (a duplicate, a closed window, a concurrent change).");
        if (readsBody)
            AddProblem(document, operation, StatusCodes.Status413PayloadTooLarge, "The request body is larger than the server accepts.");
        if (operation.RequestBody?.Content?.ContainsKey("application/json") == true)
            AddProblem(document, operation, StatusCodes.Status415UnsupportedMediaType, "The body is not JSON: 'errors' names the field 'body'.", ValidationProblemSchema);

        // Every 4xx leaves as problem details (Platform/Problems), also where a result declares none;
        // a 400 or 415 may name fields, whoever declared it, and so may a 403 (a field only admins may set).
        foreach (var (status, response) in operation.Responses)
        {
            if (status is "400" or "403" or "415" && response is OpenApiResponse badRequest)
                badRequest.Content = ProblemContent(document, ValidationProblemSchema);
            else if (status.StartsWith('4') && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
                bare.Content = ProblemContent(document, ProblemSchema);
        }
        operation.Responses = Sorted(operation.Responses);

        // Signed-in operations carry the document's requirement (cookie or token); anonymous ones none.
        operation.Security = anonymous ? [] : SignedIn(document);
        if (string.IsNullOrEmpty(operation.Summary) && operation.OperationId is { } operationId)
            operation.Summary = Sentence(operationId);

        var bodyType = description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        if (bodyType is not null && RequestExamples.For(bodyType) is { } example
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true)
            json.Example = JsonNode.Parse(example);
    }

    private static void AddProblem(OpenApiDocument document, OpenApiOperation operation, int status, string description, string schema = ProblemSchema)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing))
        {
            if (existing is OpenApiResponse response && (response.Description is null or "" || response.Description == ReasonPhrases.GetReasonPhrase(status)))
                response.Description = description;
            return;
        }
        operation.Responses[key] = new OpenApiResponse { Description = description, Content = ProblemContent(document, schema) };
    }

    private static Dictionary<string, OpenApiMediaType> ProblemContent(OpenApiDocument document, string schema) =>
        new(StringComparer.Ordinal) { [ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(schema, document) } };

    private static OpenApiResponses Sorted(OpenApiResponses responses)
    {
        var sorted = new OpenApiResponses();
        foreach (var (status, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal))
            sorted[status] = response;
        return sorted;
    }

    /// <summary>The result types a handler may answer with (the members of a TypedResults union).</summary>
    private static HashSet<Type> ResultTypes(MethodInfo? handler)
    {
        var found = new HashSet<Type>();
        if (handler is null)
            return found;
        var pending = new Stack<Type>([handler.ReturnType]);
        while (pending.TryPop(out var type))
        {
            if (!found.Add(type) || !type.IsGenericType)
                continue;
            foreach (var argument in type.GetGenericArguments())
                pending.Push(argument);
        }
        return found;
    }

    private static List<OpenApiSecurityRequirement> SignedIn(OpenApiDocument document) =>
    [
        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] },
        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
    ];

    /// <summary>"Conversation_resolve" → "Conversation resolve", "GetChannel" → "Get channel".</summary>
    private static string Sentence(string operationId)
    {
        var words = Words().Replace(operationId.Replace('_', ' '), " $1").Trim();
        return words[..1].ToUpperInvariant() + words[1..].ToLowerInvariant();
    }

    /// <summary>
    /// Request bodies bind leniently: a nullable property left out reads as null, so it is optional
    /// there (a missing required value is a 400 naming the field). Responses always write every
    /// property, so schemas a response uses keep their required lists.
    /// </summary>
    private static void OptionalWhenNullable(OpenApiDocument document)
    {
        var operations = document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()).ToList();
        var inResponses = Reachable(document, operations.SelectMany(o => o.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
            .SelectMany(r => r.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>()).Select(m => m.Schema));
        var inRequests = Reachable(document, operations.SelectMany(o => o.RequestBody?.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>()).Select(m => m.Schema));
        foreach (var name in inRequests.Except(inResponses))
        {
            if (document.Components!.Schemas![name] is not OpenApiSchema { Required: { Count: > 0 } required, Properties: { } properties })
                continue;
            foreach (var (property, schema) in properties)
            {
                if (Nullable(schema))
                    required.Remove(property);
            }
        }

        static bool Nullable(IOpenApiSchema schema) =>
            schema.Type?.HasFlag(JsonSchemaType.Null) == true || (schema.OneOf ?? schema.AnyOf)?.Any(o => o.Type == JsonSchemaType.Null) == true;
    }

    /// <summary>The component names a set of schemas refers to, directly or through other components.</summary>
    private static HashSet<string> Reachable(OpenApiDocument document, IEnumerable<IOpenApiSchema?> roots)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema>(roots.OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                if (found.Add(id) && document.Components?.Schemas is { } all && all.TryGetValue(id, out var target))
                    pending.Push(target);
                continue;
            }
            foreach (var child in new[] { schema.Items, schema.AdditionalProperties }.Concat(schema.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>())
                .Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []))
            {
                if (child is not null)
                    pending.Push(child);
            }
        }
        return found;
    }

    /// <summary>Whether a body schema has a property holding an id (a uuid, or a list of them).</summary>
    private static bool NamesIds(OpenApiDocument document, IOpenApiSchema? schema)
    {
        if (schema is OpenApiSchemaReference reference && reference.Reference.Id is { } id)
            schema = document.Components?.Schemas is { } all && all.TryGetValue(id, out var target) ? target : null;
        return schema?.Properties?.Values.Any(p => IsId(p) || IsId(p.Items)) == true;

        static bool IsId(IOpenApiSchema? property) => property?.Format == "uuid";
    }

    /// <summary>RFC 7807 as Parley writes it: the standard members plus the request's correlation id.</summary>
    private static OpenApiSchema Problem(bool withErrors)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = withErrors
                ? "Problem details naming each invalid field (by its JSON name) with its messages."
                : "RFC 7807 problem details.",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["correlationId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's id in the server's log." },
            },
        };
        if (withErrors)
        {
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }
        return schema;
    }

    /// <summary>Corrects what the generator says about a type, everywhere it is used.</summary>
    private static void Tidy(IOpenApiSchema? candidate)
    {
        if (candidate is not OpenApiSchema schema)
            return;
        // Enums are written as their names (JsonStringEnumConverter); say they are strings.
        if (schema.Enum is { Count: > 0 } values && schema.Type is null)
        {
            schema.Type = values.All(v => v is null || v.GetValueKind() == JsonValueKind.String) ? JsonSchemaType.String : null;
            if (schema.Type is not null && values.Any(v => v is null))
                schema.Type |= JsonSchemaType.Null;
        }
        // The server writes numbers as numbers; that it also reads "5" for 5 is leniency, not the contract.
        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        // A free-form object (JsonObject) holds any members; said explicitly, or generated clients
        // read "an object with no properties" as an empty one.
        if (schema.Type is { } objectType && objectType.HasFlag(JsonSchemaType.Object) && schema.Properties is null or { Count: 0 } && schema.AdditionalProperties is null)
            schema.AdditionalProperties = new OpenApiSchema();
        // "null or X" is not exclusive when X allows null too (a JsonNode is anything): say "any of".
        if (schema.OneOf is { Count: > 0 } options && options.Any(o => o.Type == JsonSchemaType.Null))
        {
            schema.AnyOf = options;
            schema.OneOf = null;
        }
        Tidy(schema.Items);
        Tidy(schema.AdditionalProperties);
        foreach (var property in schema.Properties?.Values ?? [])
            Tidy(property);
        foreach (var part in (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []))
            Tidy(part);
    }

    /// <summary>"GET api/v1/conversations/{id}" for both a route template and a document path.</summary>
    private static string Key(string method, string path) =>
        method.ToUpperInvariant() + " " + RouteConstraint().Replace(path.Trim('/'), "{$1}");

    [GeneratedRegex(@"\{\*{0,2}([^}:=?]+)[^}]*\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}
