using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Templates;

/// <summary>
/// Finds templates by the start of their name (case-insensitive), optionally of one kind: what an
/// agent types in the reply box to pick one (SPEC §2). Ordered by lower-cased name, then id, so the
/// keyset is unique and paging is stable.
/// </summary>
public sealed class SearchTemplates(ParleyDbContext db) : IHandler
{
    // Above every character, so [key, key + Last) holds exactly the strings that start with key.
    private static readonly string Last = char.ConvertFromUtf32(0x10FFFF);

    public async Task<Results<Ok<Page<TemplateResponse>>, ValidationProblem>> Handle(string? q, string? kind, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var page = PageRequest.Parse(cursor, limit, validation);
        var after = page.After is null ? null : ParseCursor(page.After, validation);
        TemplateKind? onlyKind = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            // Names only: Enum.TryParse would also take "1" or "7".
            if (Enum.GetNames<TemplateKind>().FirstOrDefault(n => n.Equals(kind.Trim(), StringComparison.OrdinalIgnoreCase)) is { } known)
                onlyKind = Enum.Parse<TemplateKind>(known);
            else
                validation.Add("kind", "'kind' must be 'Conversation' or 'WhatsApp'.");
        }
        if (!validation.IsValid)
            return validation.ToProblem();

        var query = db.Templates.AsNoTracking();
        if (onlyKind is { } k)
            query = query.Where(t => t.Kind == k);
        var key = Template.SearchKey(q);
        if (key.Length > 0)
        {
            // A range rather than LIKE/StartsWith: search_name is byte-ordered on both databases
            // (SQLite BINARY, PostgreSQL COLLATE "C"), so the (organization_id, search_name) index
            // serves it, and no LIKE escaping or case rules get in the way.
            var upper = key + Last;
            query = query.Where(t => string.Compare(t.SearchName, key) >= 0 && string.Compare(t.SearchName, upper) < 0);
        }
        if (after is { } position)
        {
            // The first conjunct is implied by the second; it is there so the index scan starts at
            // the cursor instead of filtering every earlier row. Guid.CompareTo becomes `id > @id`
            // in the order the database keeps ids, which is the order ORDER BY uses.
            var (afterName, afterId) = position;
            query = query.Where(t => string.Compare(t.SearchName, afterName) >= 0
                && (string.Compare(t.SearchName, afterName) > 0 || (t.SearchName == afterName && t.Id.CompareTo(afterId) > 0)));
        }
        var rows = await query.OrderBy(t => t.SearchName).ThenBy(t => t.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var templates = page.ToPage(rows, t => $"{t.SearchName}\n{t.Id}");
        return TypedResults.Ok(new Page<TemplateResponse>([.. templates.Items.Select(TemplateResponse.From)], templates.NextCursor));
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
