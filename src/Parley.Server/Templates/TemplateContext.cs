using System.Collections.Frozen;
using Parley.Contacts;

namespace Parley.Templates;

/// <summary>
/// What a Conversation template's placeholders name, for one contact written to by one sender. The
/// one list of those placeholders: validation accepts exactly these names and rendering fills them,
/// whoever sends the template (a reply, a new conversation, a broadcast).
/// </summary>
public sealed record TemplateContext(string? ContactName, string? ContactPhone, string? ContactEmail, string? AgentName, string? OrganizationName)
{
    private static readonly (string Name, Func<TemplateContext, string?> Value)[] Fields =
    [
        ("contact.name", c => c.ContactName),
        ("contact.phone", c => c.ContactPhone),
        ("contact.email", c => c.ContactEmail),
        ("agent.name", c => c.AgentName),
        ("organization.name", c => c.OrganizationName),
    ];

    public static readonly FrozenSet<string> Placeholders = Fields.Select(f => f.Name).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The sender's side, read once per request: a broadcast fills one template for many contacts.</summary>
    public sealed record Sender(string? AgentName, string? OrganizationName);

    public static TemplateContext For(Contact contact, Sender sender) =>
        new(contact.Name, contact.Phone, contact.Email, sender.AgentName, sender.OrganizationName);

    public IReadOnlyDictionary<string, string?> Values() => Fields.ToDictionary(f => f.Name, f => f.Value(this), StringComparer.Ordinal);
}
