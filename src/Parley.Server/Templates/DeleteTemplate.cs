using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Templates;

public sealed class DeleteTemplate(ParleyDbContext db) : IHandler
{
    // Messages already sent keep their text, so nothing else refers to a template and it can go at once.
    public async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken)
    {
        var deleted = await db.Templates.Where(t => t.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problem.NotFound("The template") : TypedResults.NoContent();
    }
}
