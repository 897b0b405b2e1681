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
    public async Task<Results<Ok<Page<TemplateResponse>>, ValidationProblem>> Handle(string? q, string? kind, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var page = PageRequest.Parse(cursor, limit, validation);
        var after = NameKeyset.Parse(page.After, validation);
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
            query = query.NameStartsWith(key);
        }
        if (after is { } position)
            query = query.After(position);
        var rows = await query.InNameOrder().Take(page.Limit + 1).ToListAsync(cancellationToken);
        var templates = page.ToPage(rows, NameKeyset.Cursor);
        return TypedResults.Ok(new Page<TemplateResponse>([.. templates.Items.Select(TemplateResponse.From)], templates.NextCursor));
    }
}
