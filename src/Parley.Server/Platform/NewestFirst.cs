using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Platform.Problems;

namespace Parley.Platform;

/// <summary>
/// A list newest first, keyset-paged on (time, id): the limit and cursor checks and the trimming of
/// the look-ahead row, around a query that reads <c>take + 1</c> rows after the cursor.
/// </summary>
internal static class NewestFirst
{
    public static async Task<Results<Ok<Page<TOut>>, ValidationProblem>> PageAsync<TRow, TOut>(
        string? cursor, int? limit, Func<(DateTime At, Guid Id)?, int, Task<List<TRow>>> read, Func<TRow, (DateTime At, Guid Id)> key, Func<TRow, TOut> map)
    {
        var validation = new Validation();
        if (limit is < 1 or > PageRequest.MaxLimit)
            validation.Add("limit", $"'limit' must be between 1 and {PageRequest.MaxLimit}.");
        var after = TimeCursor.Decode(cursor, validation);
        if (!validation.IsValid)
            return validation.ToProblem();
        var take = limit ?? PageRequest.DefaultLimit;
        var rows = await read(after, take + 1);
        string? next = null;
        if (rows.Count > take)
        {
            rows.RemoveAt(take);
            var (at, id) = key(rows[^1]);
            next = TimeCursor.Encode(at, id);
        }
        return TypedResults.Ok(new Page<TOut>([.. rows.Select(map)], next));
    }
}
