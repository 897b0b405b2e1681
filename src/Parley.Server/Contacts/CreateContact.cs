using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Contacts;

public sealed class CreateContact(ParleyDbContext db, TimeProvider clock) : IHandler
{
    public sealed record Request(string? Name, string? Phone, string? Email, string? ExternalId);

    public async Task<Results<Created<ContactResponse>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var fields = ContactFields.Validate(
            ContactFields.Clean(request.Name), ContactFields.Clean(request.Phone), ContactFields.Clean(request.Email), ContactFields.Clean(request.ExternalId), validation);
        if (!validation.IsValid)
            return validation.ToProblem();
        // Inbound messages find their contact by phone, so one number must mean one contact. The
        // schema has no unique index on it (migration 0003), so two simultaneous creates can
        // still both pass this check.
        if (fields.Phone is { } phone && await db.Contacts.AnyAsync(c => c.Phone == phone, cancellationToken))
            return Problem.Conflict("A contact with this phone number already exists.");

        var contact = new Contact(Ids.New(clock), fields.Name, fields.Phone, fields.Email, fields.ExternalId, clock.GetUtcNow().UtcDateTime);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/contacts/{contact.Id}", ContactResponse.From(contact));
    }
}
