namespace Parley.Tests.Infrastructure;

/// <summary>A clock the test moves by hand; the server reads all time through it.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
