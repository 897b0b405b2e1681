using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Organizations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.TimeZone).HasMaxLength(64);
    }
}

/// <summary>
/// A single row written by the first setup, in the same transaction as the first organisation:
/// its primary key makes a second, concurrent setup fail instead of creating a second owner.
/// </summary>
internal sealed class Installation
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public DateTime SetUpAt { get; set; }
}

internal sealed class InstallationConfiguration : IEntityTypeConfiguration<Installation>
{
    public void Configure(EntityTypeBuilder<Installation> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
    }
}
