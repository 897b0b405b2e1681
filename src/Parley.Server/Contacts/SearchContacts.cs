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
    public async Task<Results<Ok<Page<ContactResponse>>, ValidationProblem>> Handle(string? q, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var page = PageRequest.Parse(cursor, limit, validation);
        var after = NameKeyset.Parse(page.After, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var query = db.Contacts.AsNoTracking();
        var key = Contact.SearchKey(q);
        if (key.Length > 0)
        {
            // A range rather than LIKE/StartsWith: search_name is byte-ordered on both databases
            // (SQLite BINARY, PostgreSQL COLLATE "C"), so the (organization_id, search_name) index
            // serves it, and no LIKE escaping or case rules get in the way.
            var upper = NameKeyset.UpperBound(key);
            query = PhoneNumber.TryNormalize(q, out var phone)
                ? query.Where(c => (string.Compare(c.SearchName, key) >= 0 && string.Compare(c.SearchName, upper) < 0) || c.Phone == phone)
                : query.NameStartsWith(key);
        }
        if (after is { } position)
            query = query.After(position);
        var rows = await query.InNameOrder().Take(page.Limit + 1).ToListAsync(cancellationToken);
        var contacts = page.ToPage(rows, NameKeyset.Cursor);
        return TypedResults.Ok(new Page<ContactResponse>([.. contacts.Items.Select(ContactResponse.From)], contacts.NextCursor));
    }
}
