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
/// Time-ordered ids (UUIDv7, RFC 9562) that also increase strictly per clock: the 12-bit rand_a
/// field counts ids made in the same millisecond (RFC 9562 §6.2, method 1). New rows land at the
/// end of every primary-key index, and ids tie-break rows with equal timestamps in the order they
/// were made — two events of one request keep their order.
/// </summary>
/// <remarks>
/// The time part is always the clock's now, never a date the caller holds: an id stamped with a
/// backdated or future entity date (demo history, a provider's timestamp) would either sort before
/// rows made earlier or, through the counter, push every later id of the process into the future.
/// The sequence is kept per <see cref="TimeProvider"/>: the server has one, and each test server's
/// own clock keeps its own sequence, so another server's clock in the same process cannot move it.
/// </remarks>
public static class Ids
{
    private sealed class Sequence
    {
        public readonly Lock Gate = new();
        public long LastMilliseconds = -1;
        public int Counter;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TimeProvider, Sequence> Sequences = [];

    public static Guid New(TimeProvider clock)
    {
        var sequence = Sequences.GetOrAdd(clock, static _ => new Sequence());
        long milliseconds;
        int counter;
        lock (sequence.Gate)
        {
            milliseconds = clock.GetUtcNow().ToUnixTimeMilliseconds();
            // Never go back: a clock stepped back continues the sequence.
            if (milliseconds <= sequence.LastMilliseconds)
            {
                milliseconds = sequence.LastMilliseconds;
                if (++sequence.Counter > 0xFFF)
                {
                    milliseconds++;
                    sequence.Counter = 0;
                }
            }
            else
            {
                sequence.Counter = 0;
            }
            sequence.LastMilliseconds = milliseconds;
            counter = sequence.Counter;
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
