using System.Globalization;
using System.Text.Json;

namespace Parley.Channels;

/// <summary>One opening on a weekday, in the channel's time zone ("09:00" to "17:30").</summary>
public sealed record OpeningTime(string Open, string Close);

/// <summary>
/// When a channel sends (SPEC §2: messages written outside business hours are queued and released
/// when hours open). No business hours means always open. Times are wall-clock times in the
/// channel's IANA time zone, so daylight-saving changes move with the clock on the wall.
/// </summary>
public sealed record BusinessHours(string TimeZone, IReadOnlyDictionary<string, IReadOnlyList<OpeningTime>> Days)
{
    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    public static string? Serialize(BusinessHours? hours) => hours is null ? null : JsonSerializer.Serialize(hours);

    public static BusinessHours? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<BusinessHours>(json);

    public void Validate(Parley.Platform.Problems.Validation validation)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? "", out _))
            validation.Add("businessHours.timeZone", "'businessHours.timeZone' is not a known time zone (e.g. Europe/Paris).");
        foreach (var (day, openings) in Days ?? new Dictionary<string, IReadOnlyList<OpeningTime>>())
        {
            if (!DayNames.Contains(day))
                validation.Add("businessHours.days", $"'{day}' is not a weekday name (monday … sunday).");
            foreach (var opening in openings ?? [])
            {
                if (!TryTime(opening.Open, out var open) || !TryTime(opening.Close, out var close) || open >= close)
                    validation.Add("businessHours.days", $"On {day}, each opening needs 'open' before 'close' as HH:mm.");
            }
        }
    }

    public bool IsOpen(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);
        var now = TimeOnly.FromDateTime(local);
        return Openings(local.DayOfWeek).Any(o => now >= o.Open && now < o.Close);
    }

    /// <summary>The next moment (UTC) the channel opens after <paramref name="utc"/>, or null when it never does.</summary>
    public DateTime? NextOpening(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);
        for (var day = 0; day <= 7; day++)
        {
            var date = DateOnly.FromDateTime(local).AddDays(day);
            foreach (var opening in Openings(date.DayOfWeek).OrderBy(o => o.Open))
            {
                var start = date.ToDateTime(opening.Open);
                if (start <= local)
                    continue;
                // An opening inside a daylight-saving gap starts when the clock reaches it.
                return Zone.IsInvalidTime(start) ? TimeZoneInfo.ConvertTimeToUtc(start.AddHours(1), Zone) : TimeZoneInfo.ConvertTimeToUtc(start, Zone);
            }
        }
        return null;
    }

    /// <summary>
    /// When a reply written at <paramref name="utc"/> may leave: null when the channel is open (or
    /// has no hours), else its next opening. Hours that never open look again in a week, so a reply
    /// is not lost if hours are added later.
    /// </summary>
    public static DateTime? HeldUntil(BusinessHours? hours, DateTime utc) =>
        hours is null || hours.IsOpen(utc) ? null : hours.NextOpening(utc) ?? utc + TimeSpan.FromDays(7);

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    private IEnumerable<(TimeOnly Open, TimeOnly Close)> Openings(DayOfWeek day) =>
        (Days.TryGetValue(DayNames[(int)day], out var openings) ? openings : [])
            .Select(o => (TimeOnly.ParseExact(o.Open, "HH:mm", CultureInfo.InvariantCulture), TimeOnly.ParseExact(o.Close, "HH:mm", CultureInfo.InvariantCulture)));

    private static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
