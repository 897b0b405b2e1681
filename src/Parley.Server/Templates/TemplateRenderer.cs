using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Parley.Templates;

/// <summary>
/// Fills in a template's placeholders. Replacement is one pass over the template, so a value that
/// itself contains "{{…}}" (a contact who calls themselves "{{agent.name}}") is inserted as text and
/// never expanded.
/// </summary>
public static partial class TemplateRenderer
{
    public static FrozenSet<string> ConversationPlaceholders => TemplateContext.Placeholders;

    // "{{ name }}": spaces inside the braces are tolerated, braces are not.
    [GeneratedRegex(@"\{\{\s*([^{}]*?)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>The names inside every {{…}} in the text, in order, repeats included.</summary>
    public static IEnumerable<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>
    /// The number of WhatsApp parameters in a body: n when its placeholders are exactly {{1}}..{{n}}
    /// (each may repeat, in any order); null when any placeholder is not a number or a number is skipped.
    /// </summary>
    public static int? ParameterCount(string text)
    {
        var numbers = new HashSet<int>();
        foreach (var name in Placeholders(text))
        {
            if (!IsParameterNumber(name, out var number))
                return null;
            numbers.Add(number);
        }
        return numbers.Count == 0 || numbers.Max() == numbers.Count ? numbers.Count : null;
    }

    /// <summary>A Conversation template with its known placeholders filled in; a missing or null value becomes empty.</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string?> values) =>
        Placeholder().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            // Unknown placeholders cannot be stored (validation refuses them); should one reach
            // here it stays visible rather than silently vanishing from the message.
            if (!ConversationPlaceholders.Contains(name))
                return match.Value;
            return values.TryGetValue(name, out var value) ? value ?? "" : "";
        });

    /// <summary>A WhatsApp body with {{1}}..{{n}} replaced by the parameters, in order.</summary>
    /// <exception cref="ArgumentException">The body's placeholders are not {{1}}..{{n}}, or n is not the number of parameters.</exception>
    public static string Render(string text, IReadOnlyList<string> parameters)
    {
        var count = ParameterCount(text) ?? throw new ArgumentException("The template's placeholders are not {{1}}..{{n}}.", nameof(text));
        if (count != parameters.Count)
            throw new ArgumentException($"The template takes {count} parameter(s), not {parameters.Count}.", nameof(parameters));
        return Placeholder().Replace(text, match =>
        {
            IsParameterNumber(match.Groups[1].Value, out var number);
            return parameters[number - 1];
        });
    }

    private static bool IsParameterNumber(string name, out int number)
    {
        number = 0;
        return name.Length is > 0 and <= 4 && name[0] != '0' && name.All(char.IsAsciiDigit)
            && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
