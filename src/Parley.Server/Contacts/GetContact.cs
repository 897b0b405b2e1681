using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Contacts;

public sealed class GetContact(ParleyDbContext db) : IHandler
{
    public async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken) =>
        await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } contact
            ? TypedResults.Ok(ContactResponse.From(contact))
            : Problem.NotFound("The contact");
}
