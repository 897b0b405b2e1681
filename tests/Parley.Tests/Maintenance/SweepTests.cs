using System.Text.Json;
using Parley.Conversations;
using Parley.Maintenance;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Maintenance;

/// <summary>The sweep moves exactly what the settings say, when they say it, on both databases.</summary>
public sealed class SweepTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [ProviderFact]
    public async Task Each_archive_rule_moves_its_status_just_at_its_threshold_and_not_a_second_before(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        await f.PutPolicyAsync(new { archiveAfterDays = new { open = 30, pending = 10, automated = 7, sent = 14 } });
        var open = await f.ConversationAsync(ConversationStatus.Open);
        var pending = await f.ConversationAsync(ConversationStatus.Pending);
        var automated = await f.ConversationAsync(ConversationStatus.Automated);
        var sent = await f.ConversationAsync(ConversationStatus.Sent);
        var started = f.App.Clock.GetUtcNow().UtcDateTime;

        f.Advance(TimeSpan.FromDays(7) - Second);
        await f.SweepAsync();
        (await f.StatusAsync(automated)).ShouldBe(ConversationStatus.Automated);
        f.Advance(Second);
        await f.SweepAsync();
        (await f.StatusAsync(automated)).ShouldBe(ConversationStatus.Archived);
        (await f.StatusAsync(pending)).ShouldBe(ConversationStatus.Pending);

        f.Advance(TimeSpan.FromDays(3) - Second);
        await f.SweepAsync();
        (await f.StatusAsync(pending)).ShouldBe(ConversationStatus.Pending);
        f.Advance(Second);
        await f.SweepAsync();
        (await f.StatusAsync(pending)).ShouldBe(ConversationStatus.Archived);

        f.Advance(TimeSpan.FromDays(4));
        await f.SweepAsync();
        (await f.StatusAsync(sent)).ShouldBe(ConversationStatus.Archived);
        (await f.StatusAsync(open)).ShouldBe(ConversationStatus.Open);
        f.Advance(TimeSpan.FromDays(16) - Second);
        await f.SweepAsync();
        (await f.StatusAsync(open)).ShouldBe(ConversationStatus.Open);
        f.Advance(Second);
        await f.SweepAsync();
        (await f.StatusAsync(open)).ShouldBe(ConversationStatus.Archived);

        // Each move is one event by the system, naming the rule; the move is not activity, and
        // unarchiving returns the conversation to where it was.
        var row = await f.RowAsync(open);
        (row.PreviousStatus, row.LastActivityAt).ShouldBe((ConversationStatus.Open, started));
        var moved = (await f.MaintenanceEventsAsync(open)).ShouldHaveSingleItem();
        moved.ActorType.ShouldBe(Audit.ActorType.System);
        using (var payload = JsonDocument.Parse(moved.Payload!))
        {
            payload.RootElement.GetProperty("from").GetString().ShouldBe("Open");
            payload.RootElement.GetProperty("to").GetString().ShouldBe("Archived");
            payload.RootElement.GetProperty("rule").GetString().ShouldBe("archive.open");
            payload.RootElement.GetProperty("days").GetInt32().ShouldBe(30);
        }
        foreach (var id in new[] { pending, automated, sent })
            (await f.MaintenanceEventsAsync(id)).Count.ShouldBe(1);
        (await f.Api.PostAsync($"/api/v1/conversations/{open}/unarchive", null)).EnsureSuccessStatusCode();
        (await f.StatusAsync(open)).ShouldBe(ConversationStatus.Open);
    }

    [ProviderFact]
    public async Task Delete_rules_move_to_deleted_null_is_never_and_zero_is_the_next_sweep(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        await f.PutPolicyAsync(new { deleteAfterDays = new { archived = 90, irrelevant = 0, resolved = (int?)null } });
        var archived = await f.ConversationAsync(ConversationStatus.Archived);
        var irrelevant = await f.ConversationAsync(ConversationStatus.Irrelevant);
        var resolved = await f.ConversationAsync(ConversationStatus.Resolved);
        var open = await f.ConversationAsync(ConversationStatus.Open);

        await f.SweepAsync();
        (await f.StatusAsync(irrelevant)).ShouldBe(ConversationStatus.Deleted);
        (await f.StatusAsync(archived)).ShouldBe(ConversationStatus.Archived);

        f.Advance(TimeSpan.FromDays(90) - Second);
        await f.SweepAsync();
        (await f.StatusAsync(archived)).ShouldBe(ConversationStatus.Archived);
        f.Advance(Second);
        await f.SweepAsync();
        var deleted = await f.RowAsync(archived);
        (deleted.Status, deleted.DeletedFrom, deleted.DeletedAt).ShouldBe((ConversationStatus.Deleted, ConversationStatus.Archived, f.App.Clock.GetUtcNow().UtcDateTime));

        // Never means never: ten years on, still resolved; nothing touches an open conversation.
        f.Advance(TimeSpan.FromDays(3650));
        await f.SweepAsync();
        (await f.StatusAsync(resolved)).ShouldBe(ConversationStatus.Resolved);
        (await f.StatusAsync(open)).ShouldBe(ConversationStatus.Open);
        (await f.MaintenanceEventsAsync(resolved)).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task Archive_then_delete_with_zero_days_happens_in_one_sweep_with_an_event_for_each_move(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        await f.PutPolicyAsync(new { archiveAfterDays = new { open = 30 }, deleteAfterDays = new { archived = 0 } });
        var open = await f.ConversationAsync(ConversationStatus.Open);

        f.Advance(TimeSpan.FromDays(30));
        var run = await f.SweepAsync();

        (await f.StatusAsync(open)).ShouldBe(ConversationStatus.Deleted);
        (await f.MaintenanceEventsAsync(open)).Select(e => JsonDocument.Parse(e.Payload!).RootElement.GetProperty("rule").GetString())
            .ShouldBe(["archive.open", "delete.archived"]);
        using var rules = JsonDocument.Parse(run.Report!);
        rules.RootElement.GetProperty("archive.open").GetProperty("count").GetInt64().ShouldBe(1);
        rules.RootElement.GetProperty("delete.archived").GetProperty("count").GetInt64().ShouldBe(1);
        run.Status.ShouldBe(MaintenanceRunStatus.Completed);
    }

    [ProviderFact]
    public async Task A_channel_override_beats_the_organisation_and_an_absent_key_inherits(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        await f.PutPolicyAsync(new { archiveAfterDays = new { open = 30, pending = 30 } });
        // Channel B: open conversations never archive, pending ones after 5 days; everything else inherits.
        await f.PutChannelAsync(f.ChannelB, new { archiveAfterDays = new { open = (int?)null, pending = 5 } });
        var openOnA = await f.ConversationAsync(ConversationStatus.Open, f.ChannelA);
        var openOnB = await f.ConversationAsync(ConversationStatus.Open, f.ChannelB);
        var pendingOnA = await f.ConversationAsync(ConversationStatus.Pending, f.ChannelA);
        var pendingOnB = await f.ConversationAsync(ConversationStatus.Pending, f.ChannelB);

        f.Advance(TimeSpan.FromDays(5));
        await f.SweepAsync();
        (await f.StatusAsync(pendingOnB)).ShouldBe(ConversationStatus.Archived);
        (await f.StatusAsync(pendingOnA)).ShouldBe(ConversationStatus.Pending);

        f.Advance(TimeSpan.FromDays(25));
        await f.SweepAsync();
        (await f.StatusAsync(openOnA)).ShouldBe(ConversationStatus.Archived);
        (await f.StatusAsync(pendingOnA)).ShouldBe(ConversationStatus.Archived);
        (await f.StatusAsync(openOnB)).ShouldBe(ConversationStatus.Open);

        f.Advance(TimeSpan.FromDays(3650));
        await f.SweepAsync();
        (await f.StatusAsync(openOnB)).ShouldBe(ConversationStatus.Open);
    }

    [ProviderFact]
    public async Task More_conversations_than_a_batch_all_move_each_once_in_several_transactions(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db, new Dictionary<string, string?> { ["Parley:Maintenance:TransitionBatch"] = "7" });
        await f.PutPolicyAsync(new { archiveAfterDays = new { open = 1 } });
        var ids = await f.ConversationsAsync(30, ConversationStatus.Open);
        var young = await f.ConversationAsync(ConversationStatus.Open, f.ChannelB);
        f.Advance(TimeSpan.FromDays(1));
        var kept = await f.ConversationAsync(ConversationStatus.Open);

        var run = await f.SweepAsync();

        foreach (var id in ids)
        {
            (await f.StatusAsync(id)).ShouldBe(ConversationStatus.Archived);
            (await f.MaintenanceEventsAsync(id)).Count.ShouldBe(1);
        }
        (await f.StatusAsync(young)).ShouldBe(ConversationStatus.Archived);
        (await f.StatusAsync(kept)).ShouldBe(ConversationStatus.Open);
        JsonDocument.Parse(run.Report!).RootElement.GetProperty("archive.open").GetProperty("count").GetInt64().ShouldBe(31);
    }
}
