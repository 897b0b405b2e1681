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

/// <summary>
/// Time-ordered ids (UUIDv7, RFC 9562) that also increase strictly within this process: the
/// 12-bit rand_a field counts ids made in the same millisecond (RFC 9562 §6.2, method 1). New rows
/// land at the end of every primary-key index, and ids tie-break rows with equal timestamps in the
/// order they were made — two events of one request keep their order.
/// </summary>
public static class Ids
{
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds = -1;
    private static int _counter;

    public static Guid New(TimeProvider clock) => At(clock.GetUtcNow());

    public static Guid At(DateTime utc) => At(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public static Guid At(DateTimeOffset time)
    {
        var milliseconds = time.ToUnixTimeMilliseconds();
        int counter;
        lock (Gate)
        {
            // Never go back: an earlier time (a clock step back, seeded history) continues the sequence.
            if (milliseconds <= _lastMilliseconds)
            {
                milliseconds = _lastMilliseconds;
                if (++_counter > 0xFFF)
                {
                    milliseconds++;
                    _counter = 0;
                }
            }
            else
            {
                _counter = 0;
            }
            _lastMilliseconds = milliseconds;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes[8..]);
        for (var i = 0; i < 6; i++)
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
