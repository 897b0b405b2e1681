using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Templates;

public sealed class GetTemplate(ParleyDbContext db) : IHandler
{
    public async Task<Results<Ok<TemplateResponse>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken) =>
        await db.Templates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is { } template
            ? TypedResults.Ok(TemplateResponse.From(template))
            : Problem.NotFound("The template");
}
