using System.Text;
using Parley.Platform.Problems;

namespace Parley.Platform;

/// <summary>One page of a keyset-paged list; pass <see cref="NextCursor"/> back as <c>cursor</c> for the next.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// A keyset position: the sort key of the last row seen, opaque to clients. Lists order by a
/// unique key so a page never repeats or skips a row when rows are added between requests.
/// </summary>
public readonly record struct PageRequest(string? After, int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static PageRequest Parse(string? cursor, int? limit, Validation validation)
    {
        if (limit is < 1 or > MaxLimit)
            validation.Add("limit", $"'limit' must be between 1 and {MaxLimit}.");
        string? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '=')));
            }
            catch (FormatException)
            {
                validation.Add("cursor", "'cursor' is not a cursor this list returned.");
            }
        }
        return new PageRequest(after, limit ?? DefaultLimit);
    }

    public Page<T> ToPage<T>(List<T> rowsPlusOne, Func<T, string> key)
    {
        if (rowsPlusOne.Count <= Limit)
            return new Page<T>(rowsPlusOne, null);
        rowsPlusOne.RemoveAt(rowsPlusOne.Count - 1);
        var last = key(rowsPlusOne[^1]);
        return new Page<T>(rowsPlusOne, Convert.ToBase64String(Encoding.UTF8.GetBytes(last)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
    }
}
