using System.Text.RegularExpressions;
using Parley.Platform.Problems;

namespace Parley.Templates;

/// <summary>
/// The rules a template's fields obey, checked on the values as they will be stored. Create and
/// update share them, so a PATCH that changes only the text is still checked against the
/// parameter count, and no template can be stored in a shape create would refuse.
/// </summary>
internal static partial class TemplateFields
{
    public const int NameMaxLength = 100;
    public const int TextMaxLength = 4096;

    // Meta names languages "en" or "en_US"; a few have three letters ("fil" for Filipino).
    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();

    /// <summary>Blank or whitespace becomes null, anything else is trimmed.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static void Validate(TemplateKind kind, string? name, string? text, string? language, int? parameters, Guid? channelId, Validation validation)
    {
        validation.Required("name", name, NameMaxLength);
        validation.Required("text", text, TextMaxLength);
        if (kind == TemplateKind.Conversation)
            ValidateConversation(text, language, parameters, channelId, validation);
        else
            ValidateWhatsApp(text, language, parameters, validation);
    }

    private static void ValidateConversation(string? text, string? language, int? parameters, Guid? channelId, Validation validation)
    {
        if (text is not null)
        {
            var unknown = TemplateRenderer.Placeholders(text).Where(p => !TemplateRenderer.ConversationPlaceholders.Contains(p)).Distinct().ToList();
            if (unknown.Count > 0)
                validation.Add("text", $"'text' uses unknown placeholders {string.Join(", ", unknown.Select(p => $"{{{{{p}}}}}"))}; "
                    + $"known are {string.Join(", ", TemplateRenderer.ConversationPlaceholders.Order(StringComparer.Ordinal).Select(p => $"{{{{{p}}}}}"))}.");
        }
        if (language is not null)
            validation.Add("language", "'language' applies to WhatsApp templates only.");
        if (parameters is not null)
            validation.Add("parameters", "'parameters' applies to WhatsApp templates only.");
        if (channelId is not null)
            validation.Add("channelId", "'channelId' applies to WhatsApp templates only.");
    }

    private static void ValidateWhatsApp(string? text, string? language, int? parameters, Validation validation)
    {
        if (language is null)
            validation.Add("language", "'language' is required for a WhatsApp template.");
        else if (!LanguageCode().IsMatch(language))
            validation.Add("language", "'language' must be a language code as Meta names it, like 'en' or 'en_US'.");

        if (parameters is null)
            validation.Add("parameters", "'parameters' is required for a WhatsApp template (0 when it has none).");
        else if (parameters < 0)
            validation.Add("parameters", "'parameters' must be 0 or more.");

        if (text is null)
            return;
        var count = TemplateRenderer.ParameterCount(text);
        if (count is null)
            validation.Add("text", "'text' may only use the parameters {{1}}, {{2}}, … numbered from 1 without gaps, as registered with Meta.");
        else if (parameters is >= 0 && parameters != count)
            validation.Add("parameters", $"'parameters' is {parameters} but 'text' uses {count}.");
    }
}
