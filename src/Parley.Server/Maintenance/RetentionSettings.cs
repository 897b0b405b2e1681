using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Conversations;
using Parley.Platform.Problems;

namespace Parley.Maintenance;

/// <summary>The Maintenance settings of SPEC §3: each a number of days without activity, or never (null).</summary>
public enum RetentionRule
{
    ArchiveOpen,
    ArchivePending,
    ArchiveAutomated,
    ArchiveSent,
    DeleteArchived,
    DeleteIrrelevant,
    DeleteResolved,
    /// <summary>Days in Deleted before the purge; never set means 30, 0 purges at once.</summary>
    DeleteBuffer,
}

public static class RetentionRules
{
    public const int MaxDays = 36_500;
    public const int DefaultDeleteBufferDays = 30;

    /// <summary>The status transitions, in the order a sweep applies them (archiving first, so 0 days can chain into deletion).</summary>
    public static readonly RetentionRule[] Transitions =
    [
        RetentionRule.ArchiveOpen, RetentionRule.ArchivePending, RetentionRule.ArchiveAutomated, RetentionRule.ArchiveSent,
        RetentionRule.DeleteArchived, RetentionRule.DeleteIrrelevant, RetentionRule.DeleteResolved,
    ];

    public static readonly RetentionRule[] All = [.. Transitions, RetentionRule.DeleteBuffer];

    /// <summary>Where the rule sits in the JSON shape: ("archiveAfterDays", "open") … ("deleteBufferDays", null).</summary>
    public static (string Group, string? Key) JsonPath(this RetentionRule rule) => rule switch
    {
        RetentionRule.ArchiveOpen => ("archiveAfterDays", "open"),
        RetentionRule.ArchivePending => ("archiveAfterDays", "pending"),
        RetentionRule.ArchiveAutomated => ("archiveAfterDays", "automated"),
        RetentionRule.ArchiveSent => ("archiveAfterDays", "sent"),
        RetentionRule.DeleteArchived => ("deleteAfterDays", "archived"),
        RetentionRule.DeleteIrrelevant => ("deleteAfterDays", "irrelevant"),
        RetentionRule.DeleteResolved => ("deleteAfterDays", "resolved"),
        _ => ("deleteBufferDays", null),
    };

    /// <summary>The rule's name in run reports: "archive.open", "delete.resolved".</summary>
    public static string Name(this RetentionRule rule) => rule.JsonPath() is (var group, { } key) ? $"{group[..group.IndexOf("After", StringComparison.Ordinal)]}.{key}" : "purge";

    public static string FieldName(this RetentionRule rule) => rule.JsonPath() is (var group, { } key) ? $"{group}.{key}" : "deleteBufferDays";

    public static ConversationStatus From(this RetentionRule rule) => rule switch
    {
        RetentionRule.ArchiveOpen => ConversationStatus.Open,
        RetentionRule.ArchivePending => ConversationStatus.Pending,
        RetentionRule.ArchiveAutomated => ConversationStatus.Automated,
        RetentionRule.ArchiveSent => ConversationStatus.Sent,
        RetentionRule.DeleteArchived => ConversationStatus.Archived,
        RetentionRule.DeleteIrrelevant => ConversationStatus.Irrelevant,
        RetentionRule.DeleteResolved => ConversationStatus.Resolved,
        _ => ConversationStatus.Deleted,
    };

    public static ConversationStatus To(this RetentionRule rule) =>
        rule is RetentionRule.ArchiveOpen or RetentionRule.ArchivePending or RetentionRule.ArchiveAutomated or RetentionRule.ArchiveSent
            ? ConversationStatus.Archived
            : ConversationStatus.Deleted;
}

/// <summary>
/// A set of Maintenance settings as given: the organisation's policy (every rule; absent means
/// never) or a channel's overrides (only the rules present; a rule present with null overrides
/// with never, an absent one inherits). Stored as this JSON shape:
/// <c>{"archiveAfterDays": {"open": 30, …}, "deleteAfterDays": {"archived": 90, …}, "deleteBufferDays": null, "deleteContactData": false}</c>.
/// </summary>
public sealed record RetentionSettings(IReadOnlyDictionary<RetentionRule, int?> Days, bool? DeleteContactData)
{
    public static readonly RetentionSettings Empty = new(new Dictionary<RetentionRule, int?>(), null);

    public bool Has(RetentionRule rule) => Days.ContainsKey(rule);

    public int? DaysFor(RetentionRule rule) => Days.GetValueOrDefault(rule);

    /// <summary>Reads the JSON shape; problems go to <paramref name="validation"/> named by field ("archiveAfterDays.open").</summary>
    public static RetentionSettings Parse(JsonElement body, Validation validation)
    {
        var days = new Dictionary<RetentionRule, int?>();
        bool? deleteContactData = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            validation.Add("body", "The settings are a JSON object.");
            return Empty;
        }
        var known = RetentionRules.All.Select(r => r.JsonPath().Group).Append("deleteContactData").ToHashSet(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!known.Contains(property.Name))
                validation.Add(property.Name, $"'{property.Name}' is not a Maintenance setting.");
        }
        foreach (var group in new[] { "archiveAfterDays", "deleteAfterDays" })
        {
            if (!body.TryGetProperty(group, out var values) || values.ValueKind == JsonValueKind.Null)
                continue;
            if (values.ValueKind != JsonValueKind.Object)
            {
                validation.Add(group, $"'{group}' is an object of days per status.");
                continue;
            }
            var rules = RetentionRules.All.Where(r => r.JsonPath().Group == group).ToDictionary(r => r.JsonPath().Key!, StringComparer.Ordinal);
            foreach (var value in values.EnumerateObject())
            {
                if (!rules.TryGetValue(value.Name, out var rule))
                    validation.Add($"{group}.{value.Name}", $"'{value.Name}' is not a status {group} applies to ({string.Join(", ", rules.Keys)}).");
                else if (ReadDays(value.Value, rule.FieldName(), validation, out var d))
                    days[rule] = d;
            }
        }
        if (body.TryGetProperty("deleteBufferDays", out var buffer) && ReadDays(buffer, "deleteBufferDays", validation, out var bufferDays))
            days[RetentionRule.DeleteBuffer] = bufferDays;
        if (body.TryGetProperty("deleteContactData", out var contactData))
        {
            if (contactData.ValueKind is JsonValueKind.True or JsonValueKind.False)
                deleteContactData = contactData.GetBoolean();
            else
                validation.Add("deleteContactData", "'deleteContactData' is true or false.");
        }
        return new RetentionSettings(days, deleteContactData);
    }

    private static bool ReadDays(JsonElement value, string field, Validation validation, out int? days)
    {
        days = null;
        if (value.ValueKind == JsonValueKind.Null)
            return true;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number is >= 0 and <= RetentionRules.MaxDays)
        {
            days = number;
            return true;
        }
        validation.Add(field, $"'{field}' is a whole number of days from 0 to {RetentionRules.MaxDays}, or null for never.");
        return false;
    }

    /// <summary>The organisation's policy: every rule present (absent ones are never), contact data kept unless asked.</summary>
    public RetentionSettings Complete() =>
        new(RetentionRules.All.ToDictionary(r => r, DaysFor), DeleteContactData ?? false);

    /// <summary>The JSON shape with the rules present (all of them for a complete policy).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var rule in RetentionRules.All.Where(Has))
        {
            var (group, key) = rule.JsonPath();
            if (key is null)
                json[group] = DaysFor(rule);
            else
            {
                if (json[group] is not JsonObject values)
                    json[group] = values = new JsonObject();
                values[key] = DaysFor(rule);
            }
        }
        if (DeleteContactData is { } deleteContactData)
            json["deleteContactData"] = deleteContactData;
        return json;
    }

    public string Serialize() => ToJson().ToJsonString();

    public static RetentionSettings Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? Empty : Parse(JsonDocument.Parse(json).RootElement, new Validation());
}

/// <summary>A channel's settings after its overrides: each value and where it came from.</summary>
public sealed class EffectiveRetention(RetentionSettings organization, RetentionSettings channel)
{
    public (int? Days, string Source) For(RetentionRule rule) =>
        channel.Has(rule) ? (channel.DaysFor(rule), "channel") : (organization.DaysFor(rule), "organization");

    /// <summary>Days a conversation stays Deleted before the purge (never set: 30).</summary>
    public int DeleteBufferDays => For(RetentionRule.DeleteBuffer).Days ?? RetentionRules.DefaultDeleteBufferDays;

    public (bool Value, string Source) DeleteContactData =>
        channel.DeleteContactData is { } own ? (own, "channel") : (organization.DeleteContactData ?? false, "organization");
}

/// <summary>The organisation's settings on the wire: days without activity per rule, null for never.</summary>
/// <param name="DeleteBufferDays">Days in Deleted before the purge; null is 30, 0 purges at once.</param>
public sealed record MaintenanceSettings(ArchiveAfterDays ArchiveAfterDays, DeleteAfterDays DeleteAfterDays, int? DeleteBufferDays, bool DeleteContactData)
{
    internal static MaintenanceSettings Of(RetentionSettings complete) => new(
        new ArchiveAfterDays(
            complete.DaysFor(RetentionRule.ArchiveOpen), complete.DaysFor(RetentionRule.ArchivePending),
            complete.DaysFor(RetentionRule.ArchiveAutomated), complete.DaysFor(RetentionRule.ArchiveSent)),
        new DeleteAfterDays(complete.DaysFor(RetentionRule.DeleteArchived), complete.DaysFor(RetentionRule.DeleteIrrelevant), complete.DaysFor(RetentionRule.DeleteResolved)),
        complete.DaysFor(RetentionRule.DeleteBuffer),
        complete.DeleteContactData ?? false);
}

public sealed record ArchiveAfterDays(int? Open, int? Pending, int? Automated, int? Sent);

public sealed record DeleteAfterDays(int? Archived, int? Irrelevant, int? Resolved);

/// <summary>A channel's settings after its overrides, each value with where it comes from ("channel" or "organization").</summary>
public sealed record EffectiveSettings(EffectiveArchiveAfterDays ArchiveAfterDays, EffectiveDeleteAfterDays DeleteAfterDays, EffectiveDays DeleteBufferDays, EffectiveFlag DeleteContactData)
{
    internal static EffectiveSettings Of(EffectiveRetention effective)
    {
        EffectiveDays Days(RetentionRule rule)
        {
            var (days, source) = effective.For(rule);
            return new EffectiveDays(days, source);
        }
        var (contactData, contactDataSource) = effective.DeleteContactData;
        return new EffectiveSettings(
            new EffectiveArchiveAfterDays(Days(RetentionRule.ArchiveOpen), Days(RetentionRule.ArchivePending), Days(RetentionRule.ArchiveAutomated), Days(RetentionRule.ArchiveSent)),
            new EffectiveDeleteAfterDays(Days(RetentionRule.DeleteArchived), Days(RetentionRule.DeleteIrrelevant), Days(RetentionRule.DeleteResolved)),
            new EffectiveDays(effective.DeleteBufferDays, effective.For(RetentionRule.DeleteBuffer).Source),
            new EffectiveFlag(contactData, contactDataSource));
    }
}

public sealed record EffectiveArchiveAfterDays(EffectiveDays Open, EffectiveDays Pending, EffectiveDays Automated, EffectiveDays Sent);

public sealed record EffectiveDeleteAfterDays(EffectiveDays Archived, EffectiveDays Irrelevant, EffectiveDays Resolved);

public sealed record EffectiveDays(int? Days, string Source);

public sealed record EffectiveFlag(bool Value, string Source);
