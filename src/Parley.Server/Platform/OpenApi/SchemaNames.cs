using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Parley.Platform.OpenApi;

/// <summary>
/// Schema names for the API description. A use case nests its records (<c>StartConversation.Request</c>),
/// so the plain type name (<c>Request</c>) collides across use cases: a nested type is named after its
/// container too (<c>StartConversationRequest</c>), a generic one after its arguments
/// (<c>PageOfConversationSummary</c>).
/// </summary>
internal static class SchemaNames
{
    private static readonly ConcurrentDictionary<string, Type> Taken = new(StringComparer.Ordinal);

    public static string? ReferenceId(JsonTypeInfo typeInfo)
    {
        // The framework decides which types become components (not primitives, arrays, dictionaries).
        if (OpenApiOptions.CreateDefaultSchemaReferenceId(typeInfo) is null)
            return null;
        // A nullable value type shares its type's schema (the generator adds the null).
        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        var name = NameOf(type);
        // Two types with one name would silently share a schema: refuse to describe the API instead.
        var owner = Taken.GetOrAdd(name, type);
        if (owner != type)
            throw new InvalidOperationException($"The schema name '{name}' is taken by both {owner.FullName} and {type.FullName}; rename one of them.");
        return name;
    }

    internal static string NameOf(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
            return NameOf(underlying);
        if (type.IsArray)
            return "ArrayOf" + NameOf(type.GetElementType()!);
        var name = type.Name;
        if (type.IsGenericType)
            name = name[..name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Join("And", type.GetGenericArguments().Select(NameOf));
        if (!type.IsNested || type.IsGenericParameter)
            return name;
        // ChannelMaintenanceHandler.Response reads as ChannelMaintenanceResponse.
        var container = NameOf(type.DeclaringType!);
        if (container.EndsWith("Handler", StringComparison.Ordinal) && container.Length > "Handler".Length)
            container = container[..^"Handler".Length];
        return container + name;
    }
}
