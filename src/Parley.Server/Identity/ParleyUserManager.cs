using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Parley.Identity;

/// <summary>
/// Identity's UserManager with lockout measured on the injected TimeProvider: in .NET 10 the base
/// class reads the system clock, which would make lockout the one rule tests cannot move in time.
/// </summary>
internal sealed class ParleyUserManager(
    IUserStore<User> store,
    IOptions<IdentityOptions> options,
    IPasswordHasher<User> passwordHasher,
    IEnumerable<IUserValidator<User>> userValidators,
    IEnumerable<IPasswordValidator<User>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<User>> logger,
    TimeProvider clock)
    : UserManager<User>(store, options, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override Task<bool> IsLockedOutAsync(User user)
    {
        ThrowIfDisposed();
        return Task.FromResult(user.LockoutEndsAt is { } end && end > clock.GetUtcNow().UtcDateTime);
    }

    public override Task<IdentityResult> AccessFailedAsync(User user)
    {
        ThrowIfDisposed();
        user.AccessFailedCount++;
        if (user.AccessFailedCount >= Options.Lockout.MaxFailedAccessAttempts)
        {
            // As Identity does: lock, and start counting afresh for after the lockout.
            user.LockoutEndsAt = clock.GetUtcNow().UtcDateTime + Options.Lockout.DefaultLockoutTimeSpan;
            user.AccessFailedCount = 0;
        }
        return UpdateUserAsync(user);
    }
}
