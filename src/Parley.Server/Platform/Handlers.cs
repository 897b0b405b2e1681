namespace Parley.Platform;

/// <summary>Marks a use case's handler; every one is registered per request by <see cref="HandlerRegistration"/>.</summary>
public interface IHandler;

public static class HandlerRegistration
{
    public static IServiceCollection AddHandlers(this IServiceCollection services)
    {
        foreach (var type in typeof(IHandler).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHandler).IsAssignableFrom(t)))
            services.AddScoped(type);
        return services;
    }
}

public static class Ids
{
    /// <summary>Time-ordered ids (UUIDv7): new rows land at the end of every primary-key index.</summary>
    public static Guid New(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow());
}
