using System.Text.Json;

namespace Parley.Maintenance;

/// <summary>What one sweep did (or, dry, would do): conversations per rule, a sample of their ids, rows purged per table.</summary>
public sealed class SweepReport
{
    public const int SampleSize = 10;

    public Dictionary<string, RuleOutcome> Rules { get; } = RetentionRules.Transitions.Select(r => r.Name()).Append("purge")
        .ToDictionary(name => name, _ => new RuleOutcome());

    /// <summary>Rows removed per table by the purge (conversations, messages, events, …, files, contacts).</summary>
    public Dictionary<string, long> Purged { get; } = new(StringComparer.Ordinal);

    public void Add(string rule, long count, IEnumerable<Guid>? sample = null)
    {
        var outcome = Rules[rule];
        outcome.Count += count;
        if (sample is not null)
            outcome.Sample.AddRange(sample.Take(SampleSize - outcome.Sample.Count));
    }

    public void AddPurged(string table, long rows) => Purged[table] = Purged.GetValueOrDefault(table) + rows;

    public string RulesJson() => JsonSerializer.Serialize(Rules, Json);

    public string PurgedJson() => JsonSerializer.Serialize(Purged, Json);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

public sealed class RuleOutcome
{
    public long Count { get; set; }
    public List<Guid> Sample { get; init; } = [];
}
