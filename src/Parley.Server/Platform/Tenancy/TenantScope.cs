namespace Parley.Platform.Tenancy;

/// <summary>
/// Implemented by every row that belongs to one organisation. The DbContext filters every query on
/// such a type to the current organisation and stamps new rows with it.
/// </summary>
public interface ITenantOwned
{
    Guid OrganizationId { get; }
}

/// <summary>
/// The organisation the current unit of work acts for: set once per request from the signed-in
/// user, or once by a flow that creates an organisation (setup, sign-up, demo). Never changes
/// within a scope, so one request can never read or write two organisations.
/// </summary>
public sealed class TenantScope
{
    public Guid? OrganizationId { get; private set; }

    public void Enter(Guid organizationId)
    {
        if (organizationId == Guid.Empty)
            throw new ArgumentException("An organisation id is required.", nameof(organizationId));
        if (OrganizationId is { } current && current != organizationId)
            throw new InvalidOperationException("This scope already acts for another organisation.");
        OrganizationId = organizationId;
    }
}
