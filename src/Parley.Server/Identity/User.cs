using Parley.Platform.Tenancy;

namespace Parley.Identity;

public enum UserRole
{
    Agent,
    Admin,
}

public sealed class User : ITenantOwned
{
    private User() { }

    public User(Guid id, string name, string email, UserRole role, DateTime createdAt)
    {
        Id = id;
        Name = name;
        Email = email;
        Role = role;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Name { get; private set; } = "";
    public string Email { get; internal set; } = "";
    public string NormalizedEmail { get; internal set; } = "";
    public UserRole Role { get; private set; }
    public DateTime CreatedAt { get; private set; }

    // Kept by ASP.NET Core Identity through UserStore.
    public string? PasswordHash { get; internal set; }
    public string SecurityStamp { get; internal set; } = "";
    public int AccessFailedCount { get; internal set; }
    public DateTime? LockoutEndsAt { get; internal set; }

    public bool IsAdmin => Role == UserRole.Admin;

    public void Rename(string name) => Name = name;

    public void ChangeRole(UserRole role) => Role = role;
}
