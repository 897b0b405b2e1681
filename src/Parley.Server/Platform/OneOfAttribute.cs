using System.Reflection;

namespace Parley.Platform;

/// <summary>
/// The words a string field or query parameter accepts (in any case). The handler validates against
/// these values and the API description lists them as the field's enum, so the two cannot drift.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute : Attribute
{
    public OneOfAttribute(params string[] values) => Values = values;

    /// <summary>The names of an enum, for a field kept as a string so that a number is never taken for a member.</summary>
    public OneOfAttribute(Type enumType) => Values = Enum.GetNames(enumType);

    public IReadOnlyList<string> Values { get; }

    /// <summary>The values declared on <typeparamref name="T"/>'s property <paramref name="property"/>.</summary>
    public static IReadOnlyList<string> Of<T>(string property) =>
        typeof(T).GetProperty(property)?.GetCustomAttribute<OneOfAttribute>()?.Values
        ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} declares no [OneOf] values.");
}
