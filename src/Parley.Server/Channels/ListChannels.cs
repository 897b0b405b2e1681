using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Channels;

public sealed class ListChannels(ParleyDbContext db, ChannelViews views) : IHandler
{
    // Paged like every other list ({items, nextCursor}) although an organisation has a handful of
    // channels: one list shape for clients. Names are unique per organisation; the id settles ties anyway.
    public async Task<Results<Ok<Page<ChannelResponse>>, ValidationProblem>> Handle(string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var page = PageRequest.Parse(cursor, limit, validation);
        var after = NameKeyset.Parse(page.After, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var query = db.Channels.AsNoTracking();
        if (after is var (name, id))
            query = query.Where(c => string.Compare(c.Name, name) >= 0 && (string.Compare(c.Name, name) > 0 || (c.Name == name && c.Id.CompareTo(id) > 0)));
        var rows = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var listed = page.ToPage(rows, c => $"{c.Name}\n{c.Id}");
        return TypedResults.Ok(new Page<ChannelResponse>([.. listed.Items.Select(views.From)], listed.NextCursor));
    }
}
