using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;
using Parley.Platform.Tenancy;

namespace Parley.Platform.Persistence;

/// <summary>
/// What Parley's SQL does differently on each database, behind one seam: a feature asks the
/// dialect (injected, or <see cref="SqlDialects.Of"/> for a context) and never branches on the
/// provider itself. One implementation per provider; a new database-specific need (full-text
/// search, analytics, erasure) becomes a member here, implemented for both.
/// </summary>
public interface ISqlDialect
{
    /// <summary>
    /// The query, its rows locked until the transaction ends, so that what it selected still holds
    /// when the rows are changed. PostgreSQL: <c>FOR UPDATE</c>, which re-checks the condition after
    /// waiting for another transaction. SQLite: unchanged, since a write transaction already holds
    /// the database's only write lock. Only for a plain query of one table (no join, DISTINCT or
    /// aggregate), in a transaction.
    /// </summary>
    IQueryable<T> ForUpdate<T>(IQueryable<T> query);

    /// <summary>
    /// Inserts the rows in one statement where the database allows it (PostgreSQL: one
    /// <c>INSERT … SELECT FROM unnest(…)</c>; EF would send one INSERT per row). Tenant-owned rows
    /// take the current organisation, as in <c>SaveChanges</c>. The rows are not tracked afterwards.
    /// </summary>
    Task InsertAllAsync<T>(ParleyDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class;

    /// <summary>
    /// The collation that orders text byte by byte, so a prefix range is exact and a plain index
    /// serves it; null where that is already the default (SQLite's BINARY).
    /// </summary>
    string? ByteOrderCollation { get; }

    /// <summary>
    /// Called after an erasure has committed, so the erased bytes leave the database's files too.
    /// SQLite: with <c>secure_delete</c> on (every connection), deleted cells are zeroed, but the
    /// old pages still sit in the WAL until it is checkpointed and truncated; this does that.
    /// PostgreSQL: nothing here (dead tuples go with VACUUM; see docs/operations.md).
    /// </summary>
    Task AfterErasureAsync(ParleyDbContext db, CancellationToken cancellationToken);
}

public static class SqlDialects
{
    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => PostgresDialect.Instance,
        _ => SqliteDialect.Instance,
    };

    /// <summary>The dialect of the database a context is connected to (for the context's own model).</summary>
    public static ISqlDialect Of(DatabaseFacade database) =>
        For(database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);
}

internal sealed class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public IQueryable<T> ForUpdate<T>(IQueryable<T> query) => query;

    public async Task InsertAllAsync<T>(ParleyDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class
    {
        // SQLite runs in-process: one INSERT per row inside the caller's transaction costs no round trips.
        db.Set<T>().AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in rows)
            db.Entry(row).State = EntityState.Detached;
    }

    public string? ByteOrderCollation => null;

    public async Task AfterErasureAsync(ParleyDbContext db, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
}

internal sealed class PostgresDialect : ISqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public IQueryable<T> ForUpdate<T>(IQueryable<T> query) => query.TagWith(ForUpdateInterceptor.Tag);

    public async Task InsertAllAsync<T>(ParleyDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0)
            return;
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var organizationId = typeof(ITenantOwned).IsAssignableFrom(typeof(T))
            ? db.Tenant.OrganizationId ?? throw new InvalidOperationException($"A {typeof(T).Name} cannot be written outside an organisation scope.")
            : (Guid?)null;

        var columns = new List<string>();
        var selects = new List<string>();
        var parameters = new List<NpgsqlParameter>();
        foreach (var property in entityType.GetProperties())
        {
            if (property.IsShadowProperty())
                throw new NotSupportedException($"{typeof(T).Name}.{property.Name} is a shadow property; InsertAllAsync reads values from the rows.");
            var mapping = property.GetRelationalTypeMapping();
            var converter = property.GetValueConverter() ?? mapping.Converter;
            var providerType = converter?.ProviderClrType ?? property.ClrType;
            var elementType = Nullable.GetUnderlyingType(providerType) ?? providerType;
            if (elementType.IsValueType && property.IsNullable)
                elementType = typeof(Nullable<>).MakeGenericType(elementType);
            var values = Array.CreateInstance(elementType, rows.Count);
            var getter = property.GetGetter();
            var isTenantColumn = organizationId is not null && property.Name == nameof(ITenantOwned.OrganizationId);
            for (var i = 0; i < rows.Count; i++)
            {
                var value = getter.GetClrValue(rows[i]);
                if (isTenantColumn)
                {
                    if ((Guid)value! == Guid.Empty)
                        value = organizationId;
                    else if ((Guid)value != organizationId)
                        throw new InvalidOperationException($"A {typeof(T).Name} of another organisation cannot be written.");
                }
                values.SetValue(value is null || converter is null ? value : converter.ConvertToProvider(value), i);
            }
            var name = $"c{parameters.Count}";
            // Times are UTC (SPEC §6): said outright, since an array of nulls has no Kind to infer it from.
            parameters.Add(elementType == typeof(DateTime) || elementType == typeof(DateTime?)
                ? new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values }
                : new NpgsqlParameter(name, values));
            columns.Add(Quote(property.GetColumnName(table)!));
            selects.Add($"t.{name}::{mapping.StoreType}");
        }
        var names = string.Join(", ", parameters.Select(p => p.ParameterName));
        var sql = $"INSERT INTO {Quote(table.Name)} ({string.Join(", ", columns)}) SELECT {string.Join(", ", selects)} FROM unnest({string.Join(", ", parameters.Select(p => "@" + p.ParameterName))}) AS t({names})";
        await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    public string? ByteOrderCollation => "C";

    public Task AfterErasureAsync(ParleyDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

/// <summary>
/// EF has no way to write <c>FOR UPDATE</c>: a query tagged by <see cref="PostgresDialect.ForUpdate"/>
/// gets it appended (after LIMIT, where PostgreSQL wants it).
/// </summary>
internal sealed class ForUpdateInterceptor : DbCommandInterceptor
{
    public const string Tag = "parley:for-update";
    private const string Marker = "-- " + Tag;

    public static readonly ForUpdateInterceptor Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        AppendForUpdate(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        AppendForUpdate(command);
        return ValueTask.FromResult(result);
    }

    private static void AppendForUpdate(DbCommand command)
    {
        if (command.CommandText.StartsWith(Marker, StringComparison.Ordinal))
            command.CommandText += "\nFOR UPDATE";
    }
}
