using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Channels;
using Parley.Contacts;
using Parley.Conversations;
using Parley.Identity;
using Parley.Organizations;
using Parley.Platform.Tenancy;
using Parley.Teams;
using Parley.Templates;

namespace Parley.Platform.Persistence;

public sealed class ParleyDbContext(DbContextOptions<ParleyDbContext> options, TenantScope tenant, TimeProvider clock) : DbContext(options)
{
    /// <summary>The name of the query filter that scopes tenant-owned rows to the current organisation.</summary>
    public const string TenantFilter = "Tenant";

    public DbSet<Organization> Organizations => Set<Organization>();
    internal DbSet<Installation> Installations => Set<Installation>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    internal DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<ConversationTag> ConversationTags => Set<ConversationTag>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<MessageView> MessageViews => Set<MessageView>();
    public DbSet<ConversationRead> ConversationReads => Set<ConversationRead>();
    public DbSet<ConversationEvent> ConversationEvents => Set<ConversationEvent>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<Template> Templates => Set<Template>();
    public DbSet<Attachments.Attachment> Attachments => Set<Attachments.Attachment>();
    public DbSet<Maintenance.MaintenancePolicy> MaintenancePolicies => Set<Maintenance.MaintenancePolicy>();
    public DbSet<Maintenance.ChannelMaintenanceOverride> ChannelMaintenanceOverrides => Set<Maintenance.ChannelMaintenanceOverride>();
    public DbSet<Maintenance.MaintenancePolicyChange> MaintenancePolicyChanges => Set<Maintenance.MaintenancePolicyChange>();
    public DbSet<Maintenance.MaintenanceRun> MaintenanceRuns => Set<Maintenance.MaintenanceRun>();
    public DbSet<FileDeletion> FileDeletions => Set<FileDeletion>();
    public DbSet<Audit.ActivityRecord> ActivityRecords => Set<Audit.ActivityRecord>();

    public TenantScope Tenant => tenant;

    /// <summary>The clock ids are made from when a row's id is generated as it is added (conversation events).</summary>
    internal TimeProvider Clock => clock;

    // Read by the tenant query filter at query time. With no organisation entered, Guid.Empty
    // matches no row: an anonymous request sees nothing rather than everything.
    private Guid CurrentOrganizationId => tenant.OrganizationId ?? Guid.Empty;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ParleyDbContext).Assembly);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType))
            {
                var row = Expression.Parameter(entityType.ClrType, "row");
                var filter = Expression.Lambda(
                    Expression.Equal(
                        Expression.Property(row, nameof(ITenantOwned.OrganizationId)),
                        Expression.Property(Expression.Constant(this), nameof(CurrentOrganizationId))),
                    row);
                entityType.SetQueryFilter(TenantFilter, filter);
            }
        }

        // Contact and template name search is a prefix range on the lower-cased name; byte ("C")
        // order makes the range exact and lets a plain btree serve it, as SQLite's binary order does.
        if (SqlDialects.Of(Database).ByteOrderCollation is { } byteOrder)
        {
            modelBuilder.Entity<Contact>().Property(c => c.SearchName).UseCollation(byteOrder);
            modelBuilder.Entity<Template>().Property(t => t.SearchName).UseCollation(byteOrder);
        }

        SnakeCaseNames.Apply(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every stored time is UTC (SPEC §6); SQLite cannot compare DateTimeOffset in SQL.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // New tenant rows take the current organisation; a row of another organisation can be neither
    // added nor moved, whatever a handler does.
    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            var organizationId = tenant.OrganizationId
                ?? throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} cannot be written outside an organisation scope.");
            var property = entry.Property(nameof(ITenantOwned.OrganizationId));
            if (entry.State == EntityState.Added && (Guid)property.CurrentValue! == Guid.Empty)
                property.CurrentValue = organizationId;
            if ((Guid)property.CurrentValue! != organizationId || (entry.State != EntityState.Added && (Guid)property.OriginalValue! != organizationId))
                throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} of another organisation cannot be written.");
        }
    }
}

internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => RequireUtc(v),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
{
    private static DateTime RequireUtc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : throw new ArgumentException("Times are stored in UTC; convert before saving.");
}

/// <summary>
/// Tables, columns, keys and indexes in snake_case, so hand-written SQL (migrations, bulk jobs,
/// COPY) reads naturally on PostgreSQL and SQLite alike.
/// </summary>
internal static class SnakeCaseNames
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            var table = Plural(ToSnake(entityType.ClrType.Name));
            entityType.SetTableName(table);
            foreach (var property in entityType.GetProperties())
                property.SetColumnName(ToSnake(property.Name));
            foreach (var key in entityType.GetKeys())
                key.SetName(key.IsPrimaryKey() ? $"pk_{table}" : $"ak_{table}_{string.Join("_", key.Properties.Select(p => ToSnake(p.Name)))}");
            foreach (var foreignKey in entityType.GetForeignKeys())
                foreignKey.SetConstraintName($"fk_{table}_{string.Join("_", foreignKey.Properties.Select(p => ToSnake(p.Name)))}");
            foreach (var index in entityType.GetIndexes())
                index.SetDatabaseName($"ix_{table}_{string.Join("_", index.Properties.Select(p => ToSnake(p.Name)))}");
        }
    }

    internal static string ToSnake(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                    builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static string Plural(string name) =>
        name.EndsWith('y') && name.Length > 1 && !"aeiou".Contains(name[^2], StringComparison.Ordinal) ? name[..^1] + "ies" : name + "s";
}
