using Parley.Platform;

namespace Parley.Tests.Platform;

public sealed class IdsTests
{
    [Fact]
    public void Ids_made_in_the_same_millisecond_sort_in_the_order_they_were_made_as_bytes_and_as_text()
    {
        var at = new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 5000).Select(_ => Ids.At(at)).ToList();

        // PostgreSQL orders uuids by their bytes; SQLite stores them as upper-case text.
        ids.Select(id => id.ToString("D").ToUpperInvariant()).ShouldBe(ids.Select(id => id.ToString("D").ToUpperInvariant()).Order(StringComparer.Ordinal));
        ids.ShouldBe(ids.OrderBy(id => Convert.ToHexString(id.ToByteArray(bigEndian: true)), StringComparer.Ordinal));
        ids.Distinct().Count().ShouldBe(ids.Count);
        ids.ShouldAllBe(id => id.Version == 7 && id.Variant >= 0x8 && id.Variant <= 0xB);
    }

    [Fact]
    public void An_earlier_time_never_makes_a_smaller_id()
    {
        var later = Ids.At(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
        var earlier = Ids.At(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        earlier.CompareTo(later).ShouldBeGreaterThan(0);
    }
}
