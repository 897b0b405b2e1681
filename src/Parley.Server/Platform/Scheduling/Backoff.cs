namespace Parley.Platform.Scheduling;

/// <summary>How long a retried provider call waits: 10 s, 20 s, 40 s … doubling, capped at an hour.</summary>
public static class Backoff
{
    public static TimeSpan After(int attemptsSoFar) => TimeSpan.FromSeconds(Math.Min(3600, 10 * Math.Pow(2, attemptsSoFar)));

    /// <summary>When to try again after a failed attempt, or null when this attempt was the last of <paramref name="maxAttempts"/>.</summary>
    public static DateTime? Next(int attemptsSoFar, int maxAttempts, DateTime now) =>
        attemptsSoFar + 1 < maxAttempts ? now + After(attemptsSoFar) : null;
}
