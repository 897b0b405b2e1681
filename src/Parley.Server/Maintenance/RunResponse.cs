using System.Text.Json;

namespace Parley.Maintenance;

/// <param name="Rules">Per rule ("archive.open" … "purge"): the conversations moved (or, dry, that would move) and a sample of their ids.</param>
/// <param name="Purged">Rows removed per table by the purge (conversations, messages, events, …, files, contacts).</param>
public sealed record RunResponse(
    Guid Id, SweepTrigger Trigger, bool DryRun, MaintenanceRunStatus Status, DateTime StartedAt, DateTime? FinishedAt, Guid? RequestedByUserId,
    IReadOnlyDictionary<string, RuleOutcome>? Rules, IReadOnlyDictionary<string, long>? Purged, string? Error)
{
    public static RunResponse Of(MaintenanceRun run) => new(
        run.Id, run.Trigger, run.DryRun, run.Status, run.StartedAt, run.FinishedAt, run.RequestedByUserId,
        run.Report is null ? null : JsonSerializer.Deserialize<Dictionary<string, RuleOutcome>>(run.Report, SweepReport.Json),
        run.Purged is null ? null : JsonSerializer.Deserialize<Dictionary<string, long>>(run.Purged, SweepReport.Json),
        run.Error);
}
