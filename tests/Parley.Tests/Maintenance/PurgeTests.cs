using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Conversations;
using Parley.Maintenance;
using Parley.Tests.Attachments;
using Parley.Tests.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Maintenance;

/// <summary>The purge removes a conversation and everything under it, files included, and nothing else.</summary>
public sealed class PurgeTests
{
    [ProviderFact]
    public async Task A_purge_removes_every_row_and_file_of_the_conversation_and_touches_nothing_else(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var doomed = await ConversationWithEverythingAsync(f, "Please forget me", "forget.pdf");
        var kept = await ConversationWithEverythingAsync(f, "Keep this one", "keep.pdf");
        (await f.Admin.Client.PostAsync($"/api/v1/conversations/{doomed.ConversationId}/delete", null)).EnsureSuccessStatusCode();
        var files = await f.App.QueryAsync(d => d.Attachments.IgnoreQueryFilters().ToDictionaryAsync(a => a.ConversationId!.Value, a => a.StorageKey!));
        var before = (await f.SnapshotAsync()).Split('\n').ToHashSet();

        // The buffer (not set: 30 days) counts from the deletion.
        f.App.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        await SweepAsync(f);
        (await f.FindRowAsync(doomed.ConversationId)).ShouldNotBeNull();
        f.App.Clock.Advance(TimeSpan.FromSeconds(1));
        var run = await SweepAsync(f);

        var after = (await f.SnapshotAsync()).Split('\n').ToHashSet();
        var removed = before.Except(after).ToList();
        var added = after.Except(before).ToList();
        // Gone: the conversation and every row under it, in every table …
        removed.ShouldAllBe(line => line.Contains(doomed.ConversationId.ToString(), StringComparison.OrdinalIgnoreCase));
        removed.Select(line => line[..line.IndexOf(':')]).Distinct().Order()
            .ShouldBe(["attachments", "conversation_events", "conversation_reads", "conversation_tags", "conversations", "message_views", "messages", "reminders"]);
        // … and nothing else changed but the run's own record (contact data is kept unless asked).
        added.ShouldAllBe(line => line.StartsWith("maintenance_runs: ", StringComparison.Ordinal));
        File.Exists(FilePath(f, files[doomed.ConversationId])).ShouldBeFalse();
        File.Exists(FilePath(f, files[kept.ConversationId])).ShouldBeTrue();
        (await f.App.QueryAsync(d => d.FileDeletions.CountAsync())).ShouldBe(0);
        run.Purged.ShouldNotBeNull().ShouldContain("\"conversations\":1");
        run.Purged.ShouldContain("\"files\":1");
        // An admin asking for it now gets what anyone gets for a conversation that does not exist.
        (await f.Bot.GetAsync($"/api/v1/conversations/{doomed.ConversationId}")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task Zero_days_of_buffer_purges_in_the_same_sweep(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        await f.PutPolicyAsync(new { deleteAfterDays = new { resolved = 10 }, deleteBufferDays = 0 });
        var resolved = await f.ConversationAsync(ConversationStatus.Resolved);
        var deletedByHand = await f.ConversationAsync(ConversationStatus.Deleted);

        await f.SweepAsync();
        (await f.App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().AnyAsync(c => c.Id == deletedByHand))).ShouldBeFalse();
        (await f.StatusAsync(resolved)).ShouldBe(ConversationStatus.Resolved);

        f.App.Clock.Advance(TimeSpan.FromDays(10));
        await f.SweepAsync();
        (await f.App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().AnyAsync(c => c.Id == resolved))).ShouldBeFalse();
    }

    [ProviderFact]
    public async Task Contact_data_goes_with_the_last_conversation_that_references_it_and_only_when_asked(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        await f.PutPolicyAsync(new { deleteBufferDays = 0, deleteContactData = true });
        // Channel B keeps contact data: its purges never remove a contact.
        await f.PutChannelAsync(f.ChannelB, new { deleteContactData = false });
        var alone = await f.ConversationAsync(ConversationStatus.Deleted);
        var aloneContact = (await f.RowAsync(alone)).ContactId;
        var shared = await f.ConversationAsync(ConversationStatus.Deleted);
        var sharedContact = (await f.RowAsync(shared)).ContactId;
        var stillOpen = await f.ConversationAsync(ConversationStatus.Resolved, f.ChannelB, sharedContact);
        var onB = await f.ConversationAsync(ConversationStatus.Deleted, f.ChannelB);
        var onBContact = (await f.RowAsync(onB)).ContactId;

        await f.SweepAsync();

        var contacts = await f.App.QueryAsync(d => d.Contacts.IgnoreQueryFilters().Select(c => c.Id).ToListAsync());
        contacts.ShouldNotContain(aloneContact);
        contacts.ShouldContain(sharedContact);
        contacts.ShouldContain(onBContact);

        // Once the other conversation goes too (on channel A's rules), the contact goes with it.
        await f.PutPolicyAsync(new { deleteAfterDays = new { resolved = 0 }, deleteBufferDays = 0, deleteContactData = true });
        await f.PutChannelAsync(f.ChannelB, new { deleteContactData = true });
        await f.SweepAsync();
        (await f.App.QueryAsync(d => d.Contacts.IgnoreQueryFilters().AnyAsync(c => c.Id == sharedContact))).ShouldBeFalse();
        (await f.App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().AnyAsync(c => c.Id == stillOpen))).ShouldBeFalse();
    }

    [ProviderFact]
    public async Task Files_left_behind_by_a_crash_after_the_purge_committed_are_deleted_by_the_next_run(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        var store = f.App.Services.GetRequiredService<Parley.Attachments.IAttachmentStore>();
        var key = Parley.Attachments.AttachmentKeys.For(f.Admin.OrganizationId, Guid.NewGuid());
        await store.WriteAsync(key, new MemoryStream(Files.Png()), 10_000, CancellationToken.None);
        // What a purge leaves when the process stops between its commit and the file deletion.
        await f.App.QueryAsync(async d =>
        {
            d.FileDeletions.Add(new FileDeletion(key, f.App.Clock.GetUtcNow().UtcDateTime));
            return await d.SaveChangesAsync();
        });

        await f.SweepAsync();

        File.Exists(FilePath(f.App, key)).ShouldBeFalse();
        (await f.App.QueryAsync(d => d.FileDeletions.CountAsync())).ShouldBe(0);
    }

    private static Task<MaintenanceRun> SweepAsync(ConversationFixture f) =>
        f.App.Services.GetRequiredService<MaintenanceSweep>().RunAsync(f.Admin.OrganizationId, SweepTrigger.Manual, null, dryRun: false, CancellationToken.None);

    private static string FilePath(ConversationFixture f, string key) => FilePath(f.App, key);

    private static string FilePath(ParleyApp app, string key) => Path.Combine(app.DataDirectory, "attachments", key[..32], key[33..]);

    /// <summary>A conversation with a row in every table under it: messages, a note with a file, events, read state, views, a reminder, tags.</summary>
    private static async Task<Json.Inbound> ConversationWithEverythingAsync(ConversationFixture f, string text, string fileName)
    {
        var inbound = await f.DeliverAsync(f.NewPhone(), text);
        var file = await f.Agent.Client.UploadedAsync(Files.Pdf(), "application/pdf", fileName);
        await f.PostMessageAsync(f.Agent, inbound.ConversationId, new { text = "On it" });
        await f.PostMessageAsync(f.Agent, inbound.ConversationId, new { kind = "note", text = "the form", attachmentIds = new[] { file.Id } });
        (await f.Agent.Client.GetAsync($"/api/v1/conversations/{inbound.ConversationId}")).EnsureSuccessStatusCode();
        (await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{inbound.ConversationId}/reminders", new { at = f.App.Clock.GetUtcNow().UtcDateTime.AddDays(1), note = "call back" }))
            .EnsureSuccessStatusCode();
        (await f.Agent.Client.PatchAsJsonAsync($"/api/v1/conversations/{inbound.ConversationId}", new { tags = new[] { "gdpr" } })).EnsureSuccessStatusCode();
        return inbound;
    }
}
