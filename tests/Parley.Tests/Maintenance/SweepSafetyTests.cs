using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Parley.Conversations;
using Parley.Maintenance;
using Parley.Platform.Persistence;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Maintenance;

/// <summary>Dry runs change nothing; sweeps racing activity, each other, or a crash leave every conversation right.</summary>
public sealed class SweepSafetyTests
{
    [ProviderFact]
    public async Task A_dry_run_reports_per_rule_what_would_move_with_sample_ids_and_changes_nothing(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        await f.PutPolicyAsync(new { archiveAfterDays = new { open = 30 }, deleteAfterDays = new { archived = 0, resolved = 60 }, deleteBufferDays = 0 });
        var open = await f.ConversationsAsync(3, ConversationStatus.Open);
        var resolved = await f.ConversationAsync(ConversationStatus.Resolved);
        var young = await f.ConversationAsync(ConversationStatus.Resolved, f.ChannelB);
        f.Advance(TimeSpan.FromDays(60));
        await f.ConversationAsync(ConversationStatus.Open);
        var before = await SnapshotAsync(f);

        var response = await f.Api.PostAsync("/api/v1/maintenance/runs?dryRun=true", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        run.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        run.GetProperty("status").GetString().ShouldBe("Completed");
        var rules = run.GetProperty("rules");
        long Count(string rule) => rules.GetProperty(rule).GetProperty("count").GetInt64();
        List<Guid> Sample(string rule) => [.. rules.GetProperty(rule).GetProperty("sample").EnumerateArray().Select(e => e.GetGuid())];
        Count("archive.open").ShouldBe(3);
        Sample("archive.open").ShouldBe(open, ignoreOrder: true);
        // Archived now and deleted in the same run (0 days), then purged at once (buffer 0).
        Count("delete.archived").ShouldBe(3);
        Count("delete.resolved").ShouldBe(2);
        Sample("delete.resolved").ShouldBe([resolved, young], ignoreOrder: true);
        Count("purge").ShouldBe(5);
        Count("archive.pending").ShouldBe(0);
        // Nothing changed but the run's own record.
        var after = await SnapshotAsync(f);
        after.Split('\n').Except(before.Split('\n')).ShouldAllBe(line => line.StartsWith("maintenance_runs: ", StringComparison.Ordinal));
        before.Split('\n').Except(after.Split('\n')).ShouldBeEmpty();

        // The real run does what the dry run said.
        var real = await f.SweepAsync();
        using var report = JsonDocument.Parse(real.Report!);
        report.RootElement.GetProperty("archive.open").GetProperty("count").GetInt64().ShouldBe(3);
        report.RootElement.GetProperty("delete.archived").GetProperty("count").GetInt64().ShouldBe(3);
        report.RootElement.GetProperty("purge").GetProperty("count").GetInt64().ShouldBe(5);
    }

    [ProviderFact]
    public async Task Runs_are_listed_newest_first_with_their_counts_and_only_admins_start_or_see_them(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        await f.PutPolicyAsync(new { archiveAfterDays = new { open = 0 } });
        await f.ConversationAsync(ConversationStatus.Open);
        (await f.Api.PostAsync("/api/v1/maintenance/runs?dryRun=true", null)).EnsureSuccessStatusCode();
        f.Advance(TimeSpan.FromMinutes(1));
        var real = await (await f.Api.PostAsync("/api/v1/maintenance/runs", null)).Content.ReadFromJsonAsync<JsonElement>();
        var agent = await f.App.AddUserAsync(f.Admin, "agnes@acme.test");

        var page = await f.Api.GetFromJsonAsync<JsonElement>("/api/v1/maintenance/runs");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Select(r => r.GetProperty("dryRun").GetBoolean()).ShouldBe([false, true]);
        items[0].GetProperty("id").GetGuid().ShouldBe(real.GetProperty("id").GetGuid());
        items[0].GetProperty("trigger").GetString().ShouldBe("Manual");
        items[0].GetProperty("requestedByUserId").GetGuid().ShouldBe(f.Admin.UserId);
        items[0].GetProperty("rules").GetProperty("archive.open").GetProperty("count").GetInt64().ShouldBe(1);
        items[0].GetProperty("finishedAt").GetDateTime().ShouldBeGreaterThanOrEqualTo(items[0].GetProperty("startedAt").GetDateTime());
        (await f.Api.GetFromJsonAsync<JsonElement>($"/api/v1/maintenance/runs/{real.GetProperty("id").GetGuid()}")).GetProperty("status").GetString().ShouldBe("Completed");
        (await agent.Client.PostAsync("/api/v1/maintenance/runs?dryRun=true", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.Client.GetAsync("/api/v1/maintenance/runs")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [ProviderFact]
    public async Task A_sweep_that_fails_half_way_keeps_its_committed_batches_and_the_next_run_finishes_the_rest(string db)
    {
        var fault = new FailNthConversationUpdate(3);
        await using var f = await MaintenanceFixture.StartAsync(db, new Dictionary<string, string?> { ["Parley:Maintenance:TransitionBatch"] = "4" },
            services => services.ConfigureDbContext<ParleyDbContext>(options => options.AddInterceptors(fault)));
        await f.PutPolicyAsync(new { archiveAfterDays = new { open = 1 } });
        var ids = await f.ConversationsAsync(20, ConversationStatus.Open);
        f.Advance(TimeSpan.FromDays(1));

        var failed = await f.SweepAsync();

        failed.Status.ShouldBe(MaintenanceRunStatus.Failed);
        failed.Error.ShouldNotBeNull().ShouldContain("simulated crash");
        var statuses = new List<ConversationStatus>();
        foreach (var id in ids)
            statuses.Add(await f.StatusAsync(id));
        // Two batches of four committed; the third rolled back whole: no half batch, no event without its move.
        statuses.Count(s => s == ConversationStatus.Archived).ShouldBe(8);
        foreach (var id in ids)
            (await f.MaintenanceEventsAsync(id)).Count.ShouldBe(statuses[ids.IndexOf(id)] == ConversationStatus.Archived ? 1 : 0);

        var finished = await f.SweepAsync();

        finished.Status.ShouldBe(MaintenanceRunStatus.Completed);
        foreach (var id in ids)
        {
            (await f.StatusAsync(id)).ShouldBe(ConversationStatus.Archived);
            (await f.MaintenanceEventsAsync(id)).Count.ShouldBe(1);
        }
    }

    [ProviderFact]
    public async Task A_sweep_stopped_with_the_server_says_so_and_the_next_run_carries_on(string db)
    {
        using var stopping = new CancellationTokenSource();
        var stopAfterTwoBatches = new CancelAtNthConversationUpdate(3, stopping);
        await using var f = await MaintenanceFixture.StartAsync(db, new Dictionary<string, string?> { ["Parley:Maintenance:TransitionBatch"] = "4" },
            services => services.ConfigureDbContext<ParleyDbContext>(options => options.AddInterceptors(stopAfterTwoBatches)));
        await f.PutPolicyAsync(new { archiveAfterDays = new { open = 1 } });
        var ids = await f.ConversationsAsync(12, ConversationStatus.Open);
        f.Advance(TimeSpan.FromDays(1));
        var sweep = f.App.Services.GetRequiredService<MaintenanceSweep>();

        await Should.ThrowAsync<OperationCanceledException>(() => sweep.RunAsync(f.Admin.OrganizationId, SweepTrigger.Schedule, null, false, stopping.Token));

        var stopped = await f.App.QueryAsync(d => d.MaintenanceRuns.IgnoreQueryFilters().SingleAsync());
        stopped.Status.ShouldBe(MaintenanceRunStatus.Failed);
        stopped.Error.ShouldNotBeNull().ShouldContain("Stopped with the server");
        JsonDocument.Parse(stopped.Report!).RootElement.GetProperty("archive.open").GetProperty("count").GetInt64().ShouldBe(8);
        await f.SweepAsync();
        foreach (var id in ids)
            (await f.MaintenanceEventsAsync(id)).Count.ShouldBe(1);
    }

    [ProviderFact]
    public async Task A_run_left_running_by_a_stopped_server_is_marked_failed_by_a_later_run(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        // What a node that stopped mid-run leaves behind: its run, still "Running".
        await using (var scope = f.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Parley.Platform.Tenancy.TenantScope>().Enter(f.Admin.OrganizationId);
            var data = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
            data.MaintenanceRuns.Add(new MaintenanceRun(Guid.CreateVersion7(), SweepTrigger.Schedule, null, false, f.App.Clock.GetUtcNow().UtcDateTime));
            await data.SaveChangesAsync();
        }

        f.Advance(MaintenanceSweep.Abandoned - TimeSpan.FromMinutes(1));
        await f.SweepAsync();
        (await f.App.QueryAsync(d => d.MaintenanceRuns.IgnoreQueryFilters().CountAsync(r => r.Status == MaintenanceRunStatus.Running))).ShouldBe(1);
        f.Advance(TimeSpan.FromMinutes(2));
        await f.SweepAsync();

        var runs = await f.App.QueryAsync(d => d.MaintenanceRuns.IgnoreQueryFilters().OrderBy(r => r.StartedAt).ToListAsync());
        runs[0].Status.ShouldBe(MaintenanceRunStatus.Failed);
        runs[0].Error.ShouldNotBeNull().ShouldContain("did not finish");
        runs.Skip(1).ShouldAllBe(r => r.Status == MaintenanceRunStatus.Completed);
    }

    [PostgresFact]
    public async Task Activity_committed_while_the_sweep_waits_for_the_row_keeps_the_conversation_open(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        await f.PutPolicyAsync(new { archiveAfterDays = new { open = 30 } });
        var busy = await f.ConversationAsync(ConversationStatus.Open);
        var idle = await f.ConversationAsync(ConversationStatus.Open);
        f.Advance(TimeSpan.FromDays(31));

        // An agent's reply is being saved: its transaction holds the row and moves last activity to now.
        await using var agent = new NpgsqlConnection(f.App.ConnectionString);
        await agent.OpenAsync();
        await using var transaction = await agent.BeginTransactionAsync();
        await using (var touch = new NpgsqlCommand("UPDATE conversations SET last_activity_at = @now, version = version + 1 WHERE id = @id", agent, transaction))
        {
            touch.Parameters.AddWithValue("now", f.App.Clock.GetUtcNow().UtcDateTime);
            touch.Parameters.AddWithValue("id", busy);
            (await touch.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        var sweep = f.SweepAsync();
        await WaitUntilBlockedAsync(f.App.ConnectionString);
        await transaction.CommitAsync();
        var run = await sweep;

        // The sweep re-checked the row once it got it: the conversation had activity, so it stays.
        (await f.StatusAsync(busy)).ShouldBe(ConversationStatus.Open);
        (await f.MaintenanceEventsAsync(busy)).ShouldBeEmpty();
        (await f.StatusAsync(idle)).ShouldBe(ConversationStatus.Archived);
        JsonDocument.Parse(run.Report!).RootElement.GetProperty("archive.open").GetProperty("count").GetInt64().ShouldBe(1);
    }

    [PostgresFact]
    public async Task Two_sweeps_at_once_move_each_conversation_once_with_one_event(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db, new Dictionary<string, string?> { ["Parley:Maintenance:TransitionBatch"] = "5", ["Parley:Maintenance:PurgeBatch"] = "5" });
        await f.PutPolicyAsync(new { archiveAfterDays = new { open = 1 }, deleteAfterDays = new { archived = 1 }, deleteBufferDays = 0 });
        var ids = await f.ConversationsAsync(40, ConversationStatus.Open);
        f.Advance(TimeSpan.FromDays(1));
        var sweep = f.App.Services.GetRequiredService<MaintenanceSweep>();

        var runs = await Task.WhenAll(
            Task.Run(() => sweep.RunAsync(f.Admin.OrganizationId, SweepTrigger.Schedule, null, false, CancellationToken.None)),
            Task.Run(() => sweep.RunAsync(f.Admin.OrganizationId, SweepTrigger.Manual, f.Admin.UserId, false, CancellationToken.None)));

        runs.ShouldAllBe(r => r.Status == MaintenanceRunStatus.Completed);
        long Total(string rule) => runs.Sum(r => JsonDocument.Parse(r.Report!).RootElement.GetProperty(rule).GetProperty("count").GetInt64());
        (Total("archive.open"), Total("delete.archived"), Total("purge")).ShouldBe((40L, 40L, 40L));
        (await f.App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().CountAsync(c => ids.Contains(c.Id)))).ShouldBe(0);
    }

    /// <summary>Every row but the API token's, whose last use is authentication's bookkeeping.</summary>
    private static async Task<string> SnapshotAsync(MaintenanceFixture f) =>
        string.Join('\n', (await f.App.SnapshotAsync()).Split('\n').Where(line => !line.StartsWith("api_tokens: ", StringComparison.Ordinal)));

    /// <summary>Waits until some connection is waiting for a lock (the sweep, on the agent's row).</summary>
    private static async Task WaitUntilBlockedAsync(string connectionString)
    {
        await using var watcher = new NpgsqlConnection(connectionString);
        await watcher.OpenAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
            if ((long)(await command.ExecuteScalarAsync(timeout.Token))! > 0)
                return;
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Cancels the token just before the nth UPDATE of conversations, as a server stopping mid-sweep does.</summary>
    private sealed class CancelAtNthConversationUpdate(int n, CancellationTokenSource stopping) : DbCommandInterceptor
    {
        private int _seen;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("previous_status", StringComparison.OrdinalIgnoreCase) && Interlocked.Increment(ref _seen) == n)
            {
                stopping.Cancel();
                stopping.Token.ThrowIfCancellationRequested();
            }
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    /// <summary>Throws on the nth UPDATE of conversations, as a crash in the middle of a sweep would stop it.</summary>
    private sealed class FailNthConversationUpdate(int n) : DbCommandInterceptor
    {
        private int _seen;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains("conversations", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains("previous_status", StringComparison.OrdinalIgnoreCase)
                && Interlocked.Increment(ref _seen) == n)
                throw new InvalidOperationException("simulated crash");
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
