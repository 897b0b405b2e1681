using Parley.Platform.Problems;

namespace Parley.Platform;

/// <summary>A row listed by its lower-cased name, then id: contacts, templates.</summary>
public interface INameOrdered
{
    Guid Id { get; }
    string SearchName { get; }
}

/// <summary>
/// Name-prefix search and keyset paging over a byte-ordered search_name column (SQLite BINARY,
/// PostgreSQL COLLATE "C"): a prefix is the range [key, key + the highest character), and a page
/// continues after (name, id). Both are index ranges, never LIKE or a sort of the whole table.
/// </summary>
public static class NameKeyset
{
    private static readonly string Highest = char.ConvertFromUtf32(0x10FFFF);

    public static string Key(string? text) => (text ?? "").Trim().ToLowerInvariant();

    /// <summary>Above every string that starts with <paramref name="key"/>.</summary>
    public static string UpperBound(string key) => key + Highest;

    public static IQueryable<T> NameStartsWith<T>(this IQueryable<T> rows, string key) where T : class, INameOrdered
    {
        var upper = UpperBound(key);
        return rows.Where(r => string.Compare(r.SearchName, key) >= 0 && string.Compare(r.SearchName, upper) < 0);
    }

    /// <summary>
    /// Rows after the cursor in (search_name, id) order. The first conjunct is implied by the second;
    /// it lets the index scan start at the cursor. Guid.CompareTo becomes `id > @id` in the order the
    /// database keeps ids, the order ORDER BY uses.
    /// </summary>
    public static IQueryable<T> After<T>(this IQueryable<T> rows, (string Name, Guid Id) position) where T : class, INameOrdered
    {
        var (name, id) = position;
        return rows.Where(r => string.Compare(r.SearchName, name) >= 0 && (string.Compare(r.SearchName, name) > 0 || (r.SearchName == name && r.Id.CompareTo(id) > 0)));
    }

    public static IQueryable<T> InNameOrder<T>(this IQueryable<T> rows) where T : class, INameOrdered =>
        rows.OrderBy(r => r.SearchName).ThenBy(r => r.Id);

    public static string Cursor(INameOrdered row) => $"{row.SearchName}\n{row.Id}";

    // The cursor holds "searchName\nid"; the id is last, so a newline inside a name cannot confuse it.
    public static (string Name, Guid Id)? Parse(string? after, Validation validation)
    {
        if (after is null)
            return null;
        var split = after.LastIndexOf('\n');
        if (split < 0 || !Guid.TryParse(after.AsSpan(split + 1), out var id))
        {
            validation.Add("cursor", "'cursor' is not a cursor this list returned.");
            return null;
        }
        return (after[..split], id);
    }
}
