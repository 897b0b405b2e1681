using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Parley.Attachments;
using Parley.Audit;
using Parley.Conversations;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Tenancy;

namespace Parley.Maintenance;

/// <summary>
/// The retention sweep of SPEC §3, one organisation at a time, one channel at a time (each channel
/// may override its organisation's settings):
/// <list type="number">
/// <item>transitions, in the order of <see cref="RetentionRules.Transitions"/> (archiving first, so a
/// conversation can move on to Deleted in the same run): batches of <see cref="TransitionBatch"/>
/// conversations (2,000 by default), oldest activity first, each batch one transaction that locks its rows (PostgreSQL
/// FOR UPDATE, which re-checks the condition after any wait; SQLite's writer lock), moves them
/// with one UPDATE and writes their "status changed by maintenance" events with one INSERT;</item>
/// <item>the purge: batches of <see cref="PurgeBatch"/> conversations (1,000 by default) Deleted longer than the buffer,
/// each one transaction deleting children before parents (message views, read states, reminders,
/// attachments, messages, events, tags, conversations), then contacts no conversation references
/// any more when deleteContactData is on (checked in the DELETE itself); the batch's files are
/// recorded in file_deletions in the same transaction and removed from storage after the commit.</item>
/// </list>
/// Maintenance moves are not activity: LastActivityAt stays, so every threshold counts from the
/// last real activity. A crash leaves every committed batch done and the rest untouched; the next
/// run carries on, and finishes any file deletions left behind.
/// </summary>
public sealed partial class MaintenanceSweep(IServiceScopeFactory scopes, IAttachmentStore store, MaintenanceOptions options, TimeProvider clock,
    ILogger<MaintenanceSweep> logger) : IMaintenanceSweep
{
    private int TransitionBatch => options.TransitionBatch;
    private int PurgeBatch => options.PurgeBatch;
    /// <summary>Runs are listed for this long, then removed by a later sweep.</summary>
    public static readonly TimeSpan RunHistory = TimeSpan.FromDays(90);
    /// <summary>A run still "Running" after this long was cut short (a crash, a stopped node).</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromHours(6);

    private sealed record ChannelPlan(Guid ChannelId, EffectiveRetention Retention);

    private sealed record PurgeRow(Guid Id, Guid ContactId);

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
                foreach (var rule in RetentionRules.Transitions)
                {
                    foreach (var plan in plans)
                        await MoveAsync(db, organizationId, plan, rule, now, report, cancellationToken);
                }
                foreach (var plan in plans)
                    await PurgeAsync(db, organizationId, plan, now, report, cancellationToken);
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
        await DeletePendingFilesAsync(db, cancellationToken);
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

    private async Task MoveAsync(ParleyDbContext db, Guid organizationId, ChannelPlan plan, RetentionRule rule, DateTime now, SweepReport report, CancellationToken cancellationToken)
    {
        if (plan.Retention.For(rule).Days is not { } days)
            return;
        var cutoff = now - TimeSpan.FromDays(days);
        var from = rule.From();
        var to = rule.To();
        var payload = new MovePayload(from, to, rule.Name(), days);
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ids = db.Database.IsNpgsql()
                ? await db.Database.SqlQuery<Guid>($"""
                    SELECT id AS "Value" FROM conversations
                    WHERE organization_id = {organizationId} AND channel_id = {plan.ChannelId} AND status = {from.ToString()} AND last_activity_at <= {cutoff}
                    ORDER BY last_activity_at, id LIMIT {TransitionBatch} FOR UPDATE
                    """).ToListAsync(cancellationToken)
                : await db.Conversations
                    .Where(c => c.ChannelId == plan.ChannelId && c.Status == from && c.LastActivityAt <= cutoff)
                    .OrderBy(c => c.LastActivityAt).ThenBy(c => c.Id).Select(c => c.Id).Take(TransitionBatch)
                    .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                return;
            }

            // The rows are locked and still match: each one moves, each one gets its event.
            var moving = db.Conversations.Where(c => ids.Contains(c.Id) && c.Status == from);
            if (to == ConversationStatus.Archived)
                await moving.ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.Status, to)
                    .SetProperty(c => c.PreviousStatus, c => (ConversationStatus?)c.Status)
                    .SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
            else
                await moving.ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.Status, to)
                    .SetProperty(c => c.DeletedFrom, c => (ConversationStatus?)c.Status)
                    .SetProperty(c => c.DeletedAt, (DateTime?)now)
                    .SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
            await WriteEventsAsync(db, organizationId, ids, payload, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            report.Add(rule.Name(), ids.Count, ids);
        }
    }

    /// <summary>The event's payload: the move and the rule that made it.</summary>
    private sealed record MovePayload(ConversationStatus From, ConversationStatus To, string Rule, int Days);

    private async Task WriteEventsAsync(ParleyDbContext db, Guid organizationId, List<Guid> conversationIds, MovePayload payload, DateTime now, CancellationToken cancellationToken)
    {
        var events = conversationIds.Select(id => new ConversationEvent(Ids.New(clock), id, ConversationEventType.StatusChangedByMaintenance, EventActor.System, payload, now)).ToList();
        if (db.Database.IsNpgsql())
        {
            // One statement for the whole batch (EF would send one INSERT per row).
            var eventIds = events.Select(e => e.Id).ToArray();
            var conversations = conversationIds.ToArray();
            var type = nameof(ConversationEventType.StatusChangedByMaintenance);
            var actor = nameof(ActorType.System);
            var json = events[0].Payload;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO conversation_events (id, organization_id, conversation_id, type, actor_type, actor_user_id, payload, created_at)
                SELECT e, {organizationId}, c, {type}, {actor}, NULL, {json}, {now} FROM unnest({eventIds}, {conversations}) AS t(e, c)
                """, cancellationToken);
            return;
        }
        db.ConversationEvents.AddRange(events);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task PurgeAsync(ParleyDbContext db, Guid organizationId, ChannelPlan plan, DateTime now, SweepReport report, CancellationToken cancellationToken)
    {
        var cutoff = now - TimeSpan.FromDays(plan.Retention.DeleteBufferDays);
        var deleteContacts = plan.Retention.DeleteContactData.Value;
        var postgres = db.Database.IsNpgsql();
        while (true)
        {
            List<string> files;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                var rows = postgres
                    ? await db.Database.SqlQuery<PurgeRow>($"""
                        SELECT id AS "Id", contact_id AS "ContactId" FROM conversations
                        WHERE organization_id = {organizationId} AND channel_id = {plan.ChannelId} AND status = 'Deleted' AND deleted_at <= {cutoff}
                        ORDER BY deleted_at, id LIMIT {PurgeBatch} FOR UPDATE
                        """).ToListAsync(cancellationToken)
                    : await db.Conversations
                        .Where(c => c.ChannelId == plan.ChannelId && c.Status == ConversationStatus.Deleted && c.DeletedAt <= cutoff)
                        .OrderBy(c => c.DeletedAt).ThenBy(c => c.Id).Take(PurgeBatch)
                        .Select(c => new PurgeRow(c.Id, c.ContactId))
                        .ToListAsync(cancellationToken);
                if (rows.Count == 0)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return;
                }
                var ids = rows.Select(r => r.Id).ToList();

                files = await db.Attachments.Where(a => a.ConversationId != null && ids.Contains(a.ConversationId.Value) && a.StorageKey != null)
                    .Select(a => a.StorageKey!).ToListAsync(cancellationToken);
                db.FileDeletions.AddRange(files.Select(key => new FileDeletion(key, now)));
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();

                // Children before parents, each one set-based statement.
                report.AddPurged("messageViews", await db.MessageViews.Where(v => ids.Contains(v.ConversationId)).ExecuteDeleteAsync(cancellationToken));
                report.AddPurged("readStates", await db.ConversationReads.Where(r => ids.Contains(r.ConversationId)).ExecuteDeleteAsync(cancellationToken));
                report.AddPurged("reminders", await db.Reminders.Where(r => ids.Contains(r.ConversationId)).ExecuteDeleteAsync(cancellationToken));
                report.AddPurged("attachments", await db.Attachments.Where(a => a.ConversationId != null && ids.Contains(a.ConversationId.Value)).ExecuteDeleteAsync(cancellationToken));
                report.AddPurged("messages", await db.Messages.Where(m => ids.Contains(m.ConversationId)).ExecuteDeleteAsync(cancellationToken));
                report.AddPurged("events", await db.ConversationEvents.Where(e => ids.Contains(e.ConversationId)).ExecuteDeleteAsync(cancellationToken));
                report.AddPurged("tags", await db.ConversationTags.Where(t => ids.Contains(t.ConversationId)).ExecuteDeleteAsync(cancellationToken));
                var purged = await db.Conversations.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
                report.AddPurged("conversations", purged);
                report.Add("purge", purged, ids);

                if (deleteContacts)
                {
                    var contactIds = rows.Select(r => r.ContactId).Distinct().ToList();
                    // Locked first, so no conversation can take one of them between the check and the delete.
                    if (postgres)
                        await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM contacts WHERE id = ANY({contactIds.ToArray()}) FOR UPDATE").ToListAsync(cancellationToken);
                    report.AddPurged("contacts", await db.Contacts
                        .Where(c => contactIds.Contains(c.Id) && !db.Conversations.Any(v => v.ContactId == c.Id))
                        .ExecuteDeleteAsync(cancellationToken));
                }
                await transaction.CommitAsync(cancellationToken);
            }
            report.AddPurged("files", await DeleteFilesAsync(db, files, cancellationToken));
        }
    }

    /// <summary>Files of purges whose storage deletion did not happen (a crash after the commit).</summary>
    private async Task DeletePendingFilesAsync(ParleyDbContext db, CancellationToken cancellationToken)
    {
        while (true)
        {
            var keys = await db.FileDeletions.OrderBy(f => f.RequestedAt).Select(f => f.StorageKey).Take(PurgeBatch).ToListAsync(cancellationToken);
            if (keys.Count == 0 || await DeleteFilesAsync(db, keys, cancellationToken) == 0)
                return;
        }
    }

    private async Task<int> DeleteFilesAsync(ParleyDbContext db, List<string> keys, CancellationToken cancellationToken)
    {
        var deleted = new List<string>();
        foreach (var key in keys)
        {
            try
            {
                await store.DeleteAsync(key, cancellationToken);
                deleted.Add(key);
            }
            catch (IOException e)
            {
                LogFileKept(logger, key, e.Message);
            }
        }
        await db.FileDeletions.Where(f => deleted.Contains(f.StorageKey)).ExecuteDeleteAsync(cancellationToken);
        return deleted.Count;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete purged file {StorageKey} yet: {Reason}")]
    private static partial void LogFileKept(ILogger logger, string storageKey, string reason);
}

/// <summary>
/// Batch sizes (<c>Parley:Maintenance:TransitionBatch</c>, <c>Parley:Maintenance:PurgeBatch</c>):
/// conversations per transaction. A batch holds its rows' locks until it commits, so the size
/// bounds how long an agent's save on one of them can wait. Measured at 1,000,000 conversations
/// (docs/benchmarks.md, "Maintenance sweep"): a transition batch of 5,000 held its locks up to
/// 1.06 s (a move rewrites ten index entries per conversation, since status is indexed), 2,000
/// at most 0.68 s with the sweep no slower; a purge batch of 1,000 (about 10,000 messages and
/// 5,000 views) at most 0.62 s.
/// </summary>
public sealed record MaintenanceOptions(int TransitionBatch = MaintenanceOptions.DefaultTransitionBatch, int PurgeBatch = MaintenanceOptions.DefaultPurgeBatch)
{
    public const int DefaultTransitionBatch = 2_000;
    public const int DefaultPurgeBatch = 1_000;
}
