using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Channels;
using Parley.Organizations;
using Parley.Platform.Tenancy;

namespace Parley.Templates;

public enum TemplateKind
{
    /// <summary>Canned text an agent inserts into a reply; placeholders such as {{contact.name}} are filled in.</summary>
    Conversation,
    /// <summary>A template registered with Meta; the only thing WhatsApp lets a business send outside the care window.</summary>
    WhatsApp,
}

/// <summary>
/// A reusable message. A WhatsApp template mirrors one registered at Meta: its body keeps the
/// {{1}}..{{n}} parameters as registered, because Meta fills them in, not Parley.
/// </summary>
public sealed class Template : ITenantOwned, Platform.INameOrdered
{
    private Template() { }

    public Template(Guid id, TemplateKind kind, string name, string text, string? language, int? parameters, Guid? channelId, DateTime now)
    {
        Id = id;
        Kind = kind;
        CreatedAt = now;
        Update(name, text, language, parameters, channelId, now);
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public TemplateKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The name lower-cased, for prefix search through an index on both databases.</summary>
    public string SearchName { get; private set; } = "";
    public string Text { get; private set; } = "";
    /// <summary>WhatsApp only: the language it was registered in, as Meta names it ("en_US").</summary>
    public string? Language { get; private set; }
    /// <summary>WhatsApp only: how many body parameters Meta expects when it is sent.</summary>
    public int? Parameters { get; private set; }
    /// <summary>WhatsApp only: the channel (phone number) it is registered for; a template belongs to one WhatsApp Business account.</summary>
    public Guid? ChannelId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public void Update(string name, string text, string? language, int? parameters, Guid? channelId, DateTime now)
    {
        // The request validation reports these by field; this only keeps a bug from storing a
        // Conversation template that claims WhatsApp registration details, or the reverse.
        if (Kind == TemplateKind.Conversation && (language is not null || parameters is not null || channelId is not null))
            throw new ArgumentException("A Conversation template has no language, parameters or channel.");
        if (Kind == TemplateKind.WhatsApp && (language is null || parameters is null))
            throw new ArgumentException("A WhatsApp template needs its language and parameter count.");
        Name = name;
        SearchName = SearchKey(name);
        Text = text;
        Language = language;
        Parameters = parameters;
        ChannelId = channelId;
        UpdatedAt = now;
    }

    public static string SearchKey(string? text) => Platform.NameKeyset.Key(text);
}

internal sealed class TemplateConfiguration : IEntityTypeConfiguration<Template>
{
    public void Configure(EntityTypeBuilder<Template> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Name).HasMaxLength(TemplateFields.NameMaxLength);
        builder.Property(t => t.SearchName).HasMaxLength(TemplateFields.NameMaxLength);
        builder.Property(t => t.Text).HasMaxLength(TemplateFields.TextMaxLength);
        builder.Property(t => t.Language).HasMaxLength(16);
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        // Removing a channel keeps its templates: they are still what Meta has registered.
        builder.HasOne<Channel>().WithMany().HasForeignKey(t => t.ChannelId).OnDelete(DeleteBehavior.SetNull);
        // A WhatsApp template is sent by name, so a name must mean one template per kind.
        builder.HasIndex(t => new { t.OrganizationId, t.Kind, t.Name }).IsUnique();
        builder.HasIndex(t => new { t.OrganizationId, t.SearchName });
        builder.HasIndex(t => t.ChannelId);
    }
}
