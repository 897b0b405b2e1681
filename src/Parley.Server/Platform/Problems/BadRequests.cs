using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Parley.Platform.Problems;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a wrong type, an unknown enum
/// value, a missing body, a query-string value that does not parse) into the same 400 the handlers'
/// own validation answers: an <c>errors</c> map keyed by the JSON (camelCase) field, with a message
/// saying what the field takes. The framework's own text names .NET types and parameters; none of
/// it is passed on. The body as a whole is the field <c>body</c>.
/// </summary>
internal static partial class BadRequests
{
    public const string BodyField = "body";

    public static ProblemDetails Describe(HttpContext context, BadHttpRequestException bad)
    {
        // The exception handler runs with the endpoint cleared; the feature keeps the one that failed.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var method = endpoint?.Metadata.GetMetadata<MethodInfo>();
        if (bad.InnerException is JsonException json)
            return FromJson(json, BodyTypeOf(method, bad.Message));

        if (FailedToBind().Match(bad.Message) is { Success: true } failed)
        {
            var (field, type) = Parameter(method, failed.Groups["name"].Value);
            return Invalid(StatusCodes.Status400BadRequest, field, $"'{field}' {Expected(type)}.");
        }
        if (RequiredParameter().Match(bad.Message) is { Success: true } required)
        {
            if (required.Groups["source"].Value.Contains("body", StringComparison.OrdinalIgnoreCase))
                return Invalid(StatusCodes.Status400BadRequest, BodyField, "A JSON body is required.");
            var (field, _) = Parameter(method, required.Groups["name"].Value);
            return Invalid(StatusCodes.Status400BadRequest, field, $"'{field}' is required.");
        }
        if (bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
            return Invalid(StatusCodes.Status400BadRequest, BodyField, "A JSON body is required.");
        return Invalid(bad.StatusCode, BodyField, "The request could not be read.");
    }

    /// <summary>
    /// A body sent as something other than JSON: the framework answers 415 without throwing, so the
    /// status code page's problem gets the field here.
    /// </summary>
    public static void ExplainUnsupportedMediaType(ProblemDetails problem)
    {
        // A handler that refuses a body itself (an upload that is not multipart) has said why already.
        if (problem.Status != StatusCodes.Status415UnsupportedMediaType || problem.Extensions.ContainsKey("errors")
            || problem.Title is not (null or "Unsupported Media Type"))
            return;
        problem.Title = "The request body is not JSON.";
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [BodyField] = ["The body must be JSON, sent with Content-Type: application/json."] };
    }

    /// <summary>
    /// A 400 the framework answered without a word: the generated binder of an [AsParameters] type
    /// refuses a query value that does not parse (limit=abc) without throwing. The value is found
    /// again here and named, as a thrown binding failure would have been.
    /// </summary>
    public static void ExplainSilentBadRequest(HttpContext context, ProblemDetails problem)
    {
        if (problem.Status != StatusCodes.Status400BadRequest || problem.Extensions.ContainsKey("errors") || problem.Title is not (null or "Bad Request"))
            return;
        var method = context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>();
        foreach (var (key, values) in context.Request.Query)
        {
            var (field, type) = Parameter(method, key);
            if (type is null || values.All(v => Parses(v, Unwrap(type)!)))
                continue;
            problem.Title = "The request has invalid fields.";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [$"'{field}' {Expected(type)}."] };
            return;
        }
    }

    private static bool Parses(string? value, Type type)
    {
        if (string.IsNullOrEmpty(value) || type == typeof(string))
            return true;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (type.IsEnum)
            return Enum.TryParse(type, value, ignoreCase: true, out _);
        if (type == typeof(int))
            return int.TryParse(value, invariant, out _);
        if (type == typeof(long))
            return long.TryParse(value, invariant, out _);
        if (type == typeof(Guid))
            return Guid.TryParse(value, out _);
        if (type == typeof(bool))
            return bool.TryParse(value, out _);
        if (type == typeof(DateTime))
            return DateTime.TryParse(value, invariant, System.Globalization.DateTimeStyles.None, out _);
        if (type == typeof(DateTimeOffset))
            return DateTimeOffset.TryParse(value, invariant, System.Globalization.DateTimeStyles.None, out _);
        if (type == typeof(DateOnly))
            return DateOnly.TryParse(value, invariant, out _);
        if (type == typeof(double))
            return double.TryParse(value, invariant, out _);
        return true;
    }

    private static HttpValidationProblemDetails Invalid(int status, string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }) { Status = status, Title = "The request has invalid fields." };

    private static HttpValidationProblemDetails FromJson(JsonException json, Type? bodyType)
    {
        var (field, type) = Walk(json.Path, bodyType);
        var position = json.LineNumber is { } line && json.BytePositionInLine is { } column ? $" (line {line + 1}, position {column + 1})" : "";
        // A syntax error comes from the reader; a value of the wrong kind from a converter.
        if (json.InnerException is not null && json.InnerException.GetType().Name == "JsonReaderException")
            return Invalid(StatusCodes.Status400BadRequest, field, $"The body is not valid JSON{position}.");
        return Invalid(StatusCodes.Status400BadRequest, field, field == BodyField ? $"The body {Expected(type)}." : $"'{field}' {Expected(type)}.");
    }

    /// <summary>
    /// The field a JSON path names ("$.settings.baseUrl" → settings.baseUrl, "$.ids[2]" → ids[2]) and,
    /// when the body's type is known, the type expected there.
    /// </summary>
    private static (string Field, Type? Type) Walk(string? path, Type? type)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return (BodyField, type);
        var field = new StringBuilder();
        var rest = path.AsSpan(1);
        while (!rest.IsEmpty)
        {
            if (rest[0] == '.')
            {
                var end = rest[1..].IndexOfAny('.', '[');
                var name = (end < 0 ? rest[1..] : rest[1..(end + 1)]).ToString();
                Append(field, name);
                type = Member(type, name);
                rest = end < 0 ? [] : rest[(end + 1)..];
            }
            else if (rest.StartsWith("['"))
            {
                var end = rest.IndexOf("']");
                if (end < 0)
                    break;
                var name = rest[2..end].ToString();
                Append(field, name);
                type = Member(type, name);
                rest = rest[(end + 2)..];
            }
            else if (rest[0] == '[')
            {
                var end = rest.IndexOf(']');
                if (end < 0)
                    break;
                field.Append(rest[..(end + 1)]);
                type = Element(type);
                rest = rest[(end + 1)..];
            }
            else
                break;
        }
        return (field.Length == 0 ? BodyField : field.ToString(), type);
    }

    private static void Append(StringBuilder field, string name)
    {
        if (field.Length > 0)
            field.Append('.');
        field.Append(JsonNamingPolicy.CamelCase.ConvertName(name));
    }

    private static Type? Member(Type? type, string name)
    {
        type = Unwrap(type);
        if (type is null || type == typeof(string))
            return null;
        if (Dictionary(type) is { } values)
            return values;
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?.PropertyType;
    }

    private static Type? Element(Type? type)
    {
        type = Unwrap(type);
        if (type is null)
            return null;
        if (type.IsArray)
            return type.GetElementType();
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static Type? Dictionary(Type type) =>
        type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)))
            ?.GetGenericArguments()[1];

    private static Type? Unwrap(Type? type) => type is null ? null : Nullable.GetUnderlyingType(type) ?? type;

    /// <summary>What a field of this type takes, in the API's words (never a .NET type name).</summary>
    private static string Expected(Type? type)
    {
        type = Unwrap(type);
        if (type is null)
            return "has a value of the wrong kind";
        if (type.IsEnum)
            return $"must be one of: {string.Join(", ", Enum.GetNames(type))}";
        if (type == typeof(bool))
            return "must be true or false";
        if (type == typeof(Guid))
            return "must be an id (a UUID such as 0193f2d4-5a6b-7c8d-9e0f-123456789abc)";
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
            return "must be a date and time in ISO 8601 (such as 2026-11-02T09:30:00Z)";
        if (type == typeof(DateOnly))
            return "must be a date (such as 2026-11-02)";
        if (type == typeof(TimeOnly) || type == typeof(TimeSpan))
            return "must be a time (such as 09:30)";
        if (type == typeof(string))
            return "must be a string";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong))
            return "must be a whole number";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return "must be a number";
        if (type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type))
            return "must be JSON";
        if (Dictionary(type) is not null)
            return "must be an object";
        if (typeof(IEnumerable).IsAssignableFrom(type))
            return "must be an array";
        return "must be an object";
    }

    /// <summary>The body parameter's type: the one the framework named, else the endpoint's only complex parameter.</summary>
    private static Type? BodyTypeOf(MethodInfo? method, string message)
    {
        if (method is null)
            return null;
        var parameters = method.GetParameters();
        if (ReadParameter().Match(message) is { Success: true } read
            && parameters.FirstOrDefault(p => p.Name == read.Groups["name"].Value) is { } named)
            return named.ParameterType;
        return parameters.FirstOrDefault(p => p.GetCustomAttribute<FromBodyAttribute>() is not null)?.ParameterType;
    }

    /// <summary>A route or query parameter's field name (camelCase, or the name it binds from) and type.</summary>
    private static (string Field, Type? Type) Parameter(MethodInfo? method, string name)
    {
        var candidates = new List<(string Name, string? Binding, Type Type)>();
        foreach (var parameter in method?.GetParameters() ?? [])
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is null)
            {
                candidates.Add((parameter.Name ?? "", parameter.GetCustomAttribute<FromQueryAttribute>()?.Name, parameter.ParameterType));
                continue;
            }
            // [AsParameters]: a record's constructor parameters, or its settable properties.
            foreach (var argument in parameter.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()))
                candidates.Add((argument.Name ?? "", argument.GetCustomAttribute<FromQueryAttribute>()?.Name, argument.ParameterType));
            foreach (var property in parameter.ParameterType.GetProperties())
                candidates.Add((property.Name, property.GetCustomAttribute<FromQueryAttribute>()?.Name, property.PropertyType));
        }
        var match = candidates.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Binding, name, StringComparison.OrdinalIgnoreCase));
        if (match.Type is null)
            return (JsonNamingPolicy.CamelCase.ConvertName(name), null);
        return (match.Binding ?? JsonNamingPolicy.CamelCase.ConvertName(match.Name), match.Type);
    }

    // The framework's own messages (RequestDelegateFactory); only the parameter's name is taken from them.
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+) (?<name>[^" ]+)" from""")]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""^Required parameter "(?<type>[^"]+) (?<name>[^" ]+)" was not provided from (?<source>.+)\.$""")]
    private static partial Regex RequiredParameter();

    [GeneratedRegex("""^Failed to read parameter "(?<type>[^"]+) (?<name>[^" ]+)" from the request body""")]
    private static partial Regex ReadParameter();
}
