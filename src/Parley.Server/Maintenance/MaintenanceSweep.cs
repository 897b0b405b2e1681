using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Conversations;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Tenancy;

namespace Parley.Maintenance;

/// <summary>
/// The retention sweep of SPEC §3, one organisation at a time, one channel at a time (each channel
/// may override its organisation's settings). The sweep only chooses which conversations move;
/// what a move changes is <see cref="StatusTransition"/>'s and how a purge deletes is
/// <see cref="ConversationPurge"/>'s:
/// <list type="number">
/// <item>transitions, in the order of <see cref="RetentionRules.Transitions"/> (archiving first, so a
/// conversation can move on to Deleted in the same run): batches of <see cref="TransitionBatch"/>
/// conversations (2,000 by default), oldest activity first, each batch one transaction that locks its
/// rows (<see cref="ISqlDialect.ForUpdate"/>) and moves them with <see cref="ConversationTransitions"/>
/// (one UPDATE, one INSERT of "status changed by maintenance" events); once committed, open inboxes
/// are told, as of any other change;</item>
/// <item>the purge of what has been Deleted longer than the buffer, batches of <see cref="PurgeBatch"/>
/// conversations (1,000 by default), with the contacts no conversation references any more when
/// deleteContactData is on.</item>
/// </list>
/// Maintenance moves are not activity: LastActivityAt stays, so every threshold counts from the
/// last real activity. A crash leaves every committed batch done and the rest untouched; the next
/// run carries on, and finishes any file deletions left behind.
/// </summary>
public sealed partial class MaintenanceSweep(IServiceScopeFactory scopes, ISqlDialect dialect, ILiveBus live, MaintenanceOptions options, TimeProvider clock,
    ILogger<MaintenanceSweep> logger) : IMaintenanceSweep
{
    private int TransitionBatch => options.TransitionBatch;
    private int PurgeBatch => options.PurgeBatch;
    /// <summary>Runs are listed for this long, then removed by a later sweep.</summary>
    public static readonly TimeSpan RunHistory = TimeSpan.FromDays(90);
    /// <summary>A run still "Running" after this long was cut short (a crash, a stopped node).</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromHours(6);

    private sealed record ChannelPlan(Guid ChannelId, EffectiveRetention Retention);

    public async Task RunScheduledAsync(CancellationToken cancellationToken)
    {
        List<Guid> organizations;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
            organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var forgotten = now - RunHistory;
            await db.MaintenanceRuns.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).Where(r => r.StartedAt < forgotten).ExecuteDeleteAsync(cancellationToken);
        }
        foreach (var organizationId in organizations)
            await RunAsync(organizationId, SweepTrigger.Schedule, null, dryRun: false, cancellationToken);
    }

    /// <summary>Sweeps one organisation now (or, dry, only reports what would move) and records the run.</summary>
    public async Task<MaintenanceRun> RunAsync(Guid organizationId, SweepTrigger trigger, Guid? requestedBy, bool dryRun, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(organizationId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - Abandoned;
        await db.MaintenanceRuns.Where(r => r.Status == MaintenanceRunStatus.Running && r.StartedAt < stale)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, MaintenanceRunStatus.Failed).SetProperty(r => r.Error, "The run did not finish (the server stopped); the next run carried on."), cancellationToken);
        var runId = Ids.New(clock);
        db.MaintenanceRuns.Add(new MaintenanceRun(runId, trigger, requestedBy, dryRun, now));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var report = new SweepReport();
        string? error = null;
        try
        {
            var plans = await PlanAsync(db, cancellationToken);
            if (dryRun)
                await PreviewAsync(db, plans, now, report, cancellationToken);
            else
            {
                var transitions = scope.ServiceProvider.GetRequiredService<ConversationTransitions>();
                foreach (var rule in RetentionRules.Transitions)
                {
                    foreach (var plan in plans)
                        await MoveAsync(db, transitions, organizationId, plan, rule, now, report, cancellationToken);
                }
                var purge = scope.ServiceProvider.GetRequiredService<ConversationPurge>();
                foreach (var plan in plans)
                    await PurgeAsync(db, purge, plan, now, report, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The server is stopping: the committed batches stand, the run says so, the next run carries on.
            try
            {
                await FinishAsync(db, runId, report, "Stopped with the server before it finished; the next run carried on.");
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // Left "Running": a later run marks it (see Abandoned).
                LogFailed(logger, organizationId, e);
            }
            throw;
        }
        catch (Exception e)
        {
            // Every committed batch stands; the next run finishes the rest.
            error = e.Message;
            LogFailed(logger, organizationId, e);
        }

        var run = await FinishAsync(db, runId, report, error);
        await scope.ServiceProvider.GetRequiredService<ConversationPurge>().DeletePendingFilesAsync(PurgeBatch, cancellationToken);
        return run;
    }

    private async Task<MaintenanceRun> FinishAsync(ParleyDbContext db, Guid runId, SweepReport report, string? error)
    {
        db.ChangeTracker.Clear();
        var run = await db.MaintenanceRuns.SingleAsync(r => r.Id == runId, CancellationToken.None);
        run.Finish(report.RulesJson(), report.PurgedJson(), error, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(CancellationToken.None);
        return run;
    }

    private static async Task<List<ChannelPlan>> PlanAsync(ParleyDbContext db, CancellationToken cancellationToken)
    {
        var policy = RetentionSettings.Deserialize(await db.MaintenancePolicies.Select(p => p.Settings).SingleOrDefaultAsync(cancellationToken)).Complete();
        var overrides = await db.ChannelMaintenanceOverrides.ToDictionaryAsync(o => o.ChannelId, o => o.Settings, cancellationToken);
        var channels = await db.Channels.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        return [.. channels.Select(id => new ChannelPlan(id, new EffectiveRetention(policy, RetentionSettings.Deserialize(overrides.GetValueOrDefault(id)))))];
    }

    private async Task MoveAsync(ParleyDbContext db, ConversationTransitions transitions, Guid organizationId, ChannelPlan plan, RetentionRule rule, DateTime now,
        SweepReport report, CancellationToken cancellationToken)
    {
        if (plan.Retention.For(rule).Days is not { } days)
            return;
        var cutoff = now - TimeSpan.FromDays(days);
        var from = rule.From();
        var transition = StatusTransition.Into(rule.To());
        var details = new Dictionary<string, object?> { ["rule"] = rule.Name(), ["days"] = days };
        while (true)
        {
            List<ConversationRoute> moving;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                moving = await dialect.ForUpdate(db.Conversations
                    .Where(c => c.ChannelId == plan.ChannelId && c.Status == from && c.LastActivityAt <= cutoff)
                    .OrderBy(c => c.LastActivityAt).ThenBy(c => c.Id).Take(TransitionBatch)
                    .Select(c => new ConversationRoute(c.Id, c.ChannelId, c.AssigneeId, c.TeamId)))
                    .ToListAsync(cancellationToken);
                if (moving.Count == 0)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return;
                }
                // The rows are locked and still match: each one moves, each one gets its event.
                var ids = moving.ConvertAll(c => c.Id);
                await transitions.MoveAsync(transition, from, ids, ConversationEventType.StatusChangedByMaintenance, EventActor.System, details, now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                report.Add(rule.Name(), ids.Count, ids);
            }
            // Committed: open inboxes hear of it as of any other change (the change stands even if the run is stopping).
            await live.PublishAllAsync(moving.Select(c => LiveNotices.Status(organizationId, c, transition.To)), CancellationToken.None);
        }
    }

    private async Task PurgeAsync(ParleyDbContext db, ConversationPurge purge, ChannelPlan plan, DateTime now, SweepReport report, CancellationToken cancellationToken)
    {
        var cutoff = now - TimeSpan.FromDays(plan.Retention.DeleteBufferDays);
        var due = db.Conversations
            .Where(c => c.ChannelId == plan.ChannelId && c.Status == ConversationStatus.Deleted && c.DeletedAt <= cutoff)
            .OrderBy(c => c.DeletedAt).ThenBy(c => c.Id);
        await foreach (var batch in purge.PurgeAsync(due, plan.Retention.DeleteContactData.Value, PurgeBatch, cancellationToken))
        {
            foreach (var (table, rows) in batch.Rows)
                report.AddPurged(table, rows);
            report.Add("purge", batch.Rows["conversations"], batch.ConversationIds);
        }
    }

    /// <summary>
    /// What a run would do now, without changing anything: per channel and rule the conversations
    /// that match, including those a run would carry on from one rule into the next (archived now,
    /// deleted in the same run; deleted now and purged at once when the buffer is 0).
    /// </summary>
    private static async Task PreviewAsync(ParleyDbContext db, List<ChannelPlan> plans, DateTime now, SweepReport report, CancellationToken cancellationToken)
    {
        foreach (var plan in plans)
        {
            var conversations = db.Conversations.AsNoTracking().Where(c => c.ChannelId == plan.ChannelId);
            DateTime? Cutoff(RetentionRule rule) => plan.Retention.For(rule).Days is { } days ? now - TimeSpan.FromDays(days) : null;
            long deletedNow = 0;
            foreach (var rule in RetentionRules.Transitions)
            {
                if (Cutoff(rule) is not { } cutoff)
                    continue;
                var from = rule.From();
                var matching = conversations.Where(c => c.Status == from && c.LastActivityAt <= cutoff);
                if (rule == RetentionRule.DeleteArchived)
                {
                    // Archived now, or archived earlier in this run and inactive long enough to go on.
                    foreach (var archive in RetentionRules.Transitions.Where(r => r.To() == ConversationStatus.Archived))
                    {
                        if (Cutoff(archive) is { } archiveCutoff)
                        {
                            var status = archive.From();
                            var earlier = archiveCutoff < cutoff ? archiveCutoff : cutoff;
                            matching = matching.Concat(conversations.Where(c => c.Status == status && c.LastActivityAt <= earlier));
                        }
                    }
                }
                var count = await matching.LongCountAsync(cancellationToken);
                report.Add(rule.Name(), count, await matching.OrderBy(c => c.LastActivityAt).ThenBy(c => c.Id).Select(c => c.Id).Take(SweepReport.SampleSize).ToListAsync(cancellationToken));
                if (rule.To() == ConversationStatus.Deleted)
                    deletedNow += count;
            }
            var purgeCutoff = now - TimeSpan.FromDays(plan.Retention.DeleteBufferDays);
            var purgeable = conversations.Where(c => c.Status == ConversationStatus.Deleted && c.DeletedAt <= purgeCutoff);
            report.Add("purge", await purgeable.LongCountAsync(cancellationToken) + (plan.Retention.DeleteBufferDays == 0 ? deletedNow : 0),
                await purgeable.OrderBy(c => c.DeletedAt).ThenBy(c => c.Id).Select(c => c.Id).Take(SweepReport.SampleSize).ToListAsync(cancellationToken));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The Maintenance sweep of organisation {OrganizationId} failed; the next run carries on")]
    private static partial void LogFailed(ILogger logger, Guid organizationId, Exception exception);
}
