namespace Parley.Contacts;

public sealed record ContactResponse(
    Guid Id, string? Name, string? Phone, string? Email, string? ExternalId, bool OptedOut, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static ContactResponse From(Contact contact) =>
        new(contact.Id, contact.Name, contact.Phone, contact.Email, contact.ExternalId, contact.OptedOut, contact.CreatedAt, contact.UpdatedAt);
}
