namespace Parley.Identity;

public sealed record UserResponse(Guid Id, string Name, string Email, UserRole Role, DateTime CreatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Name, user.Email, user.Role, user.CreatedAt);
}
