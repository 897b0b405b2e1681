using Parley.Platform.Problems;

namespace Parley.Contacts;

/// <summary>
/// The identifying fields of a contact as create and update accept them: trimmed, blank meaning
/// "none", the phone in E.164. Both use cases share it so a contact can never be stored in a shape
/// one of them would refuse.
/// </summary>
internal readonly record struct ContactFields(string? Name, string? Phone, string? Email, string? ExternalId)
{
    public const int NameMaxLength = 200;
    public const int ExternalIdMaxLength = 200;

    public bool HasIdentifier => Name is not null || Phone is not null || Email is not null || ExternalId is not null;

    /// <summary>Blank or whitespace becomes null, anything else is trimmed.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Validates already-cleaned values and normalises the phone; errors are keyed by JSON field.</summary>
    public static ContactFields Validate(string? name, string? phone, string? email, string? externalId, Validation validation)
    {
        validation.MaxLength("name", name, NameMaxLength);
        validation.MaxLength("externalId", externalId, ExternalIdMaxLength);
        if (email is not null)
            validation.Email("email", email);
        string? e164 = null;
        if (phone is not null)
        {
            if (PhoneNumber.TryNormalize(phone, out var normalized))
                e164 = normalized;
            else
                validation.Add("phone", "'phone' is not a phone number (E.164, or a 10-digit North American number).");
        }
        var fields = new ContactFields(name, e164, email, externalId);
        // Reported on `name` because it is the field a person fills in first; any one would do.
        if (validation.IsValid && !fields.HasIdentifier)
            validation.Add("name", "A contact needs at least one of 'name', 'phone', 'email' or 'externalId'.");
        return fields;
    }
}
