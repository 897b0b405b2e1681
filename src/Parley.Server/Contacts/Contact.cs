using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Organizations;
using Parley.Platform.Tenancy;

namespace Parley.Contacts;

/// <summary>A customer. Phone numbers are stored in E.164; "not contacted" means no conversation yet.</summary>
public sealed class Contact : ITenantOwned, Platform.INameOrdered
{
    private Contact() { }

    public Contact(Guid id, string? name, string? phone, string? email, string? externalId, DateTime now)
    {
        Id = id;
        CreatedAt = now;
        Update(name, phone, email, externalId, now);
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string? Name { get; private set; }
    /// <summary>The name lower-cased, for prefix search through an index on both databases.</summary>
    public string SearchName { get; private set; } = "";
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    public string? ExternalId { get; private set; }
    public bool OptedOut { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public void Update(string? name, string? phone, string? email, string? externalId, DateTime now)
    {
        Name = name;
        SearchName = SearchKey(name);
        Phone = phone;
        Email = email;
        ExternalId = externalId;
        UpdatedAt = now;
    }

    public void SetOptedOut(bool optedOut, DateTime now)
    {
        OptedOut = optedOut;
        UpdatedAt = now;
    }

    public static string SearchKey(string? text) => Platform.NameKeyset.Key(text);
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.SearchName).HasMaxLength(200);
        builder.Property(c => c.Phone).HasMaxLength(16);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.ExternalId).HasMaxLength(200);
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.OrganizationId, c.SearchName });
        // One contact per number in an organisation: the constraint settles two simultaneous creates
        // (the loser gets 409). NULL phones never collide on either database.
        builder.HasIndex(c => new { c.OrganizationId, c.Phone }).IsUnique();
        builder.HasIndex(c => new { c.OrganizationId, c.Email });
        builder.HasIndex(c => new { c.OrganizationId, c.ExternalId });
    }
}
