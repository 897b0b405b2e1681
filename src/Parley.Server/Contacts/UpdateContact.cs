using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Contacts;

/// <summary>Edits a contact: a null field stays as it is, an empty string clears it.</summary>
public sealed class UpdateContact(ParleyDbContext db, TimeProvider clock) : IHandler
{
    public sealed record Request(string? Name, string? Phone, string? Email, string? ExternalId, bool? OptedOut);

    public async Task<Results<Ok<ContactResponse>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        // Looked up before the body is judged: another organisation's id is a 404 whatever it sent.
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null)
            return Problem.NotFound("The contact");

        var validation = new Validation();
        var fields = ContactFields.Validate(
            request.Name is null ? contact.Name : ContactFields.Clean(request.Name),
            // The stored phone is already E.164, and normalising E.164 returns it unchanged.
            request.Phone is null ? contact.Phone : ContactFields.Clean(request.Phone),
            request.Email is null ? contact.Email : ContactFields.Clean(request.Email),
            request.ExternalId is null ? contact.ExternalId : ContactFields.Clean(request.ExternalId),
            validation);
        if (!validation.IsValid)
            return validation.ToProblem();
        if (fields.Phone is { } phone && phone != contact.Phone
            && await db.Contacts.AnyAsync(c => c.Phone == phone && c.Id != id, cancellationToken))
            return Problem.Conflict("A contact with this phone number already exists.");

        // Only a real change moves UpdatedAt: a PATCH that repeats the current values writes nothing.
        var now = clock.GetUtcNow().UtcDateTime;
        if (fields != new ContactFields(contact.Name, contact.Phone, contact.Email, contact.ExternalId))
            contact.Update(fields.Name, fields.Phone, fields.Email, fields.ExternalId, now);
        if (request.OptedOut is { } optedOut && optedOut != contact.OptedOut)
            contact.SetOptedOut(optedOut, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ContactResponse.From(contact));
    }
}
