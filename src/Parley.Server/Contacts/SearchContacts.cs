using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Contacts;

/// <summary>
/// Finds contacts by the start of their name (case-insensitive) or by phone number in any format
/// (SPEC §2). Ordered by lower-cased name, then id, so the keyset is unique and paging is stable.
/// </summary>
public sealed class SearchContacts(ParleyDbContext db) : IHandler
{
    // Above every character, so [key, key + Last) holds exactly the strings that start with key.
    private static readonly string Last = char.ConvertFromUtf32(0x10FFFF);

    public async Task<Results<Ok<Page<ContactResponse>>, ValidationProblem>> Handle(string? q, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var page = PageRequest.Parse(cursor, limit, validation);
        var after = page.After is null ? null : ParseCursor(page.After, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var query = db.Contacts.AsNoTracking();
        var key = Contact.SearchKey(q);
        if (key.Length > 0)
        {
            // A range rather than LIKE/StartsWith: search_name is byte-ordered on both databases
            // (SQLite BINARY, PostgreSQL COLLATE "C"), so the (organization_id, search_name) index
            // serves it, and no LIKE escaping or case rules get in the way.
            var upper = key + Last;
            if (PhoneNumber.TryNormalize(q, out var phone))
                query = query.Where(c => (string.Compare(c.SearchName, key) >= 0 && string.Compare(c.SearchName, upper) < 0) || c.Phone == phone);
            else
                query = query.Where(c => string.Compare(c.SearchName, key) >= 0 && string.Compare(c.SearchName, upper) < 0);
        }
        if (after is { } position)
        {
            // Both providers translate Guid.CompareTo to `id > @id`, compared the way the database
            // orders ids (uuid bytes on PostgreSQL, the text form on SQLite), which is all keyset
            // paging needs: the comparison and the ORDER BY agree.
            var (afterName, afterId) = position;
            query = query.Where(c => string.Compare(c.SearchName, afterName) >= 0 && (string.Compare(c.SearchName, afterName) > 0 || (c.SearchName == afterName && c.Id.CompareTo(afterId) > 0)));
        }
        var rows = await query.OrderBy(c => c.SearchName).ThenBy(c => c.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var contacts = page.ToPage(rows, c => $"{c.SearchName}\n{c.Id}");
        return TypedResults.Ok(new Page<ContactResponse>([.. contacts.Items.Select(ContactResponse.From)], contacts.NextCursor));
    }

    // The cursor holds "searchName\nid"; the id is last, so a newline inside a name cannot confuse it.
    private static (string SearchName, Guid Id)? ParseCursor(string after, Validation validation)
    {
        var split = after.LastIndexOf('\n');
        if (split < 0 || !Guid.TryParse(after.AsSpan(split + 1), out var id))
        {
            validation.Add("cursor", "'cursor' is not a cursor this list returned.");
            return null;
        }
        return (after[..split], id);
    }
}
