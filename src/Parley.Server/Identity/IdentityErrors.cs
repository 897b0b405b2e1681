using Microsoft.AspNetCore.Identity;
using Parley.Platform.Problems;

namespace Parley.Identity;

internal static class IdentityErrors
{
    /// <summary>Checks a new password against Identity's password rules, naming the field on failure.</summary>
    public static async Task ValidatePasswordAsync(UserManager<User> users, User user, string? password, Validation validation, string field = "password")
    {
        if (string.IsNullOrEmpty(password))
        {
            validation.Add(field, $"'{field}' is required.");
            return;
        }
        if (password.Length > 256)
        {
            validation.Add(field, $"'{field}' must be at most 256 characters.");
            return;
        }
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            foreach (var error in result.Errors)
                validation.Add(field, error.Description);
        }
    }
}
