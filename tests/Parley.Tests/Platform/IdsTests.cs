using Parley.Platform;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

public sealed class IdsTests
{
    /// <summary>The UUIDv7 time part of an id.</summary>
    public static DateTimeOffset TimeOf(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        long milliseconds = 0;
        for (var i = 0; i < 6; i++)
            milliseconds = (milliseconds << 8) | bytes[i];
        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_sort_in_the_order_they_were_made_as_bytes_and_as_text()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));
        var ids = Enumerable.Range(0, 5000).Select(_ => Ids.New(clock)).ToList();

        // PostgreSQL orders uuids by their bytes; SQLite stores them as upper-case text.
        ids.Select(id => id.ToString("D").ToUpperInvariant()).ShouldBe(ids.Select(id => id.ToString("D").ToUpperInvariant()).Order(StringComparer.Ordinal));
        ids.ShouldBe(ids.OrderBy(id => Convert.ToHexString(id.ToByteArray(bigEndian: true)), StringComparer.Ordinal));
        ids.Distinct().Count().ShouldBe(ids.Count);
        ids.ShouldAllBe(id => id.Version == 7 && id.Variant >= 0x8 && id.Variant <= 0xB);
        // 4,096 ids fit in one millisecond; the rest spill into the next one, never further.
        ids.Select(TimeOf).Distinct().ShouldBe([clock.GetUtcNow(), clock.GetUtcNow().AddMilliseconds(1)]);
    }

    [Fact]
    public void A_clock_stepped_back_never_makes_a_smaller_id()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
        var later = Ids.New(clock);
        clock.Advance(TimeSpan.FromDays(-300));

        var earlier = Ids.New(clock);

        earlier.CompareTo(later).ShouldBeGreaterThan(0);
        TimeOf(earlier).ShouldBe(TimeOf(later));
    }

    [Fact]
    public void An_id_takes_its_time_from_its_own_clock_whatever_another_clock_in_the_process_said()
    {
        // Another server's clock far ahead (a test that advanced its clock by a year) must not stamp
        // this clock's ids in its future.
        var ahead = new TestClock(new DateTimeOffset(2027, 11, 2, 9, 30, 0, TimeSpan.Zero));
        var clock = new TestClock(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));
        var first = Ids.New(clock);
        Ids.New(ahead);

        var id = Ids.New(clock);

        TimeOf(id).ShouldBe(clock.GetUtcNow());
        id.CompareTo(first).ShouldBeGreaterThan(0);
    }
}
