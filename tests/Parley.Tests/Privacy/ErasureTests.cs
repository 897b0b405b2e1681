using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Tests.Attachments;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Privacy;

/// <summary>Single erasures (SPEC §5): what is erased is gone from every table, file and log line, and nothing else changed.</summary>
public sealed class ErasureTests
{
    [ProviderFact]
    public async Task Erasing_a_contact_leaves_nothing_of_them_anywhere_and_everything_of_others_as_it_was(string db)
    {
        await using var f = await PrivacyFixture.StartAsync(db);
        var dora = await f.CustomerWithEverythingAsync("Dora Doomed", "+15550107701", "dora@example.test", "Dora", "Dora's passport");
        var kept = await f.CustomerWithEverythingAsync("Kim Kept", "+15550107702", "kim@example.test", "Kim", "Kim's invoice");
        // Dora has a second conversation too, deleted already (it waits for the purge buffer).
        var second = await f.DeliverAsync("Dora Doomed", "+15550107701", "Dora writes again about her flat");
        (await f.Admin.Client.PostAsync($"/api/v1/conversations/{second.ConversationId}/delete", null)).EnsureSuccessStatusCode();
        string[] hers = ["Dora Doomed", "+15550107701", "dora@example.test", .. dora.Texts];
        (await ErasureScan.FindAsync(f.App, f.Log, hers)).ShouldNotBeEmpty("the scan must see the data before it proves it gone");
        var before = (await f.SnapshotAsync()).Split('\n').ToHashSet();

        var response = await f.Admin.Client.DeleteAsync($"/api/v1/contacts/{dora.ContactId}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        (await ErasureScan.FindAsync(f.App, f.Log, hers)).ShouldBeEmpty();
        var after = (await f.SnapshotAsync()).Split('\n').ToHashSet();
        after.Except(before).ShouldBeEmpty();
        string[] herIds = [dora.ContactId.ToString(), dora.ConversationId.ToString(), second.ConversationId.ToString()];
        before.Except(after).ShouldAllBe(line => herIds.Any(id => line.Contains(id, StringComparison.OrdinalIgnoreCase)));
        // Kim's conversation, messages, events and file are all still there.
        (await ErasureScan.FindAsync(f.App, f.Log, ["Kim Kept", "+15550107702", "kim@example.test", .. kept.Texts])).ShouldNotBeEmpty();
        Directory.EnumerateFiles(Path.Combine(f.App.DataDirectory, "attachments"), "*", SearchOption.AllDirectories).Count().ShouldBe(1);
        (await f.Admin.Client.GetAsync($"/api/v1/contacts/{dora.ContactId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await f.Admin.Client.DeleteAsync($"/api/v1/contacts/{dora.ContactId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task A_contact_with_no_conversation_is_erased_too(string db)
    {
        await using var f = await PrivacyFixture.StartAsync(db);
        var created = await f.Admin.Client.PostAsJsonAsync("/api/v1/contacts", new { name = "Nora Nobody", phone = "+15550107703" });
        var contact = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Parley.Contacts.ContactResponse>())!;

        (await f.Admin.Client.DeleteAsync($"/api/v1/contacts/{contact.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await ErasureScan.FindAsync(f.App, f.Log, "Nora Nobody", "+15550107703")).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task Deleting_a_message_erases_its_text_and_files_and_the_trail_keeps_who_and_when(string db)
    {
        await using var f = await PrivacyFixture.StartAsync(db);
        var dora = await f.CustomerWithEverythingAsync("Dora Doomed", "+15550107701", "dora@example.test", "Dora", "Dora's passport");
        var before = (await f.SnapshotAsync()).Split('\n').ToHashSet();
        f.App.Clock.Advance(TimeSpan.FromMinutes(5));

        (await f.Admin.Client.DeleteAsync($"/api/v1/messages/{dora.NoteId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await ErasureScan.FindAsync(f.App, f.Log, "the passport scan of Dora", "Dora's passport")).ShouldBeEmpty();
        Directory.EnumerateFiles(Path.Combine(f.App.DataDirectory, "attachments"), "*", SearchOption.AllDirectories).ShouldBeEmpty();
        var deleted = await f.App.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters()
            .Where(e => e.ConversationId == dora.ConversationId && e.Type == ConversationEventType.MessageDeleted).SingleAsync());
        deleted.ActorUserId.ShouldBe(f.Admin.UserId);
        deleted.CreatedAt.ShouldBe(f.App.Clock.GetUtcNow().UtcDateTime);
        deleted.Payload.ShouldBe($"{{\"messageId\":\"{dora.NoteId}\"}}");
        // The other messages stay, and the rows that changed are the conversation's (its version) only.
        var messages = await f.Admin.Client.GetFromJsonAsync<Json.Page<Json.Message>>($"/api/v1/conversations/{dora.ConversationId}/messages");
        messages!.Items.Select(m => m.Text).ShouldBe([dora.Texts[0], dora.Texts[1]], ignoreOrder: true);
        var after = (await f.SnapshotAsync()).Split('\n').ToHashSet();
        after.Except(before).Where(line => !line.StartsWith("conversation_events: ", StringComparison.Ordinal))
            .ShouldAllBe(line => line.StartsWith("conversations: ", StringComparison.Ordinal));
    }

    [ProviderFact]
    public async Task Deleting_the_newest_message_takes_it_out_of_the_inbox_preview(string db)
    {
        await using var f = await PrivacyFixture.StartAsync(db);
        var inbound = await f.DeliverAsync("Dora Doomed", "+15550107701", "first words");
        var latest = await f.DeliverAsync("Dora Doomed", "+15550107701", "my secret address");

        (await f.Admin.Client.DeleteAsync($"/api/v1/messages/{latest.MessageId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await f.App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().SingleAsync(c => c.Id == inbound.ConversationId))).LastMessagePreview.ShouldBe("first words");
        (await ErasureScan.FindAsync(f.App, f.Log, "my secret address")).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task Deleting_an_attachment_erases_its_row_and_file_with_an_event(string db)
    {
        await using var f = await PrivacyFixture.StartAsync(db);
        var dora = await f.CustomerWithEverythingAsync("Dora Doomed", "+15550107701", "dora@example.test", "Dora", "Dora's passport");

        (await f.Admin.Client.DeleteAsync($"/api/v1/attachments/{dora.AttachmentId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await ErasureScan.FindAsync(f.App, f.Log, "Dora's passport", "dora-passport.pdf")).ShouldBeEmpty();
        (await f.App.QueryAsync(d => d.Attachments.IgnoreQueryFilters().AnyAsync(a => a.Id == dora.AttachmentId))).ShouldBeFalse();
        var deleted = await f.App.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters()
            .Where(e => e.ConversationId == dora.ConversationId && e.Type == ConversationEventType.AttachmentDeleted).SingleAsync());
        deleted.ActorUserId.ShouldBe(f.Admin.UserId);
        deleted.Payload.ShouldBe($"{{\"attachmentId\":\"{dora.AttachmentId}\",\"messageId\":\"{dora.NoteId}\"}}");
        // The note itself stays.
        (await f.App.QueryAsync(d => d.Messages.IgnoreQueryFilters().AnyAsync(m => m.Id == dora.NoteId))).ShouldBeTrue();
    }

    [ProviderFact]
    public async Task An_agent_may_erase_nothing(string db)
    {
        await using var f = await PrivacyFixture.StartAsync(db);
        var dora = await f.CustomerWithEverythingAsync("Dora Doomed", "+15550107701", "dora@example.test", "Dora", "Dora's passport");
        var before = await f.SnapshotAsync();

        (await f.Agent.Client.DeleteAsync($"/api/v1/contacts/{dora.ContactId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await f.Agent.Client.DeleteAsync($"/api/v1/messages/{dora.NoteId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await f.Agent.Client.DeleteAsync($"/api/v1/attachments/{dora.AttachmentId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await f.SnapshotAsync()).ShouldBe(before);
    }
}

/// <summary>An organisation with an admin, an agent, an API channel and its bot; the server's log captured.</summary>
internal sealed class PrivacyFixture : IAsyncDisposable
{
    private int _externalIds;

    private PrivacyFixture(ParleyApp app, CapturedLog log, Actor admin, Actor agent, Guid channelId, HttpClient bot)
    {
        App = app;
        Log = log;
        Admin = admin;
        Agent = agent;
        ChannelId = channelId;
        Bot = bot;
    }

    public ParleyApp App { get; }
    public CapturedLog Log { get; }
    public Actor Admin { get; }
    public Actor Agent { get; }
    public Guid ChannelId { get; }
    public HttpClient Bot { get; }

    public sealed record Customer(Guid ContactId, Guid ConversationId, Guid NoteId, Guid AttachmentId, List<string> Texts);

    public static async Task<PrivacyFixture> StartAsync(string db)
    {
        var log = new CapturedLog();
        var app = await ParleyApp.StartAsync(db, services: log.AddTo);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "bo@acme.test", name: "Bo Agent");
        var channel = (await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Website bot" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.Channel>())!;
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Website bot", kind = "Integration" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.IssuedToken>();
        return new PrivacyFixture(app, log, admin, agent, channel.Id, app.NewClient(token!.Token!));
    }

    /// <summary>Every row but the api_tokens ones (a bot's call stamps its token's last use).</summary>
    public async Task<string> SnapshotAsync() =>
        string.Join('\n', (await App.SnapshotAsync()).Split('\n').Where(line => !line.StartsWith("api_tokens: ", StringComparison.Ordinal)));

    public async Task<Json.Inbound> DeliverAsync(string name, string phone, string text)
    {
        var response = await Bot.PostAsJsonAsync($"/api/v1/channels/{ChannelId}/inbound",
            new { contact = new { name, phone }, text, externalMessageId = $"ext-{Interlocked.Increment(ref _externalIds)}" });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Json.Inbound>())!;
    }

    /// <summary>
    /// A customer with an email, a conversation holding their message, a reply, a note with a file
    /// (its bytes hold <paramref name="fileMarker"/>), a view, a read state, a reminder and a tag.
    /// </summary>
    public async Task<Customer> CustomerWithEverythingAsync(string name, string phone, string email, string word, string fileMarker)
    {
        var inbound = await DeliverAsync(name, phone, $"Hello, this is {word} from the harbour");
        (await Admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{inbound.ContactId}", new { email })).EnsureSuccessStatusCode();
        var file = await Admin.Client.UploadedAsync([.. "%PDF-1.7\n"u8.ToArray(), .. Encoding.UTF8.GetBytes(fileMarker)], "application/pdf", $"{word.ToLowerInvariant()}-passport.pdf");
        var id = inbound.ConversationId;
        var reply = $"Thanks {word}, we are on it";
        var noteText = $"the passport scan of {word}";
        await PostAsync(id, new { text = reply });
        var note = await PostAsync(id, new { kind = "note", text = noteText, attachmentIds = new[] { file.Id } });
        (await Admin.Client.GetAsync($"/api/v1/conversations/{id}")).EnsureSuccessStatusCode();
        (await Admin.Client.PostAsJsonAsync($"/api/v1/conversations/{id}/reminders", new { at = App.Clock.GetUtcNow().UtcDateTime.AddDays(1), note = $"call {word} back" }))
            .EnsureSuccessStatusCode();
        (await Admin.Client.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { tags = new[] { "gdpr" } })).EnsureSuccessStatusCode();
        return new Customer(inbound.ContactId, id, note.Message.Id, file.Id, [$"Hello, this is {word} from the harbour", reply, noteText, $"call {word} back", fileMarker]);
    }

    private async Task<Json.Posted> PostAsync(Guid conversationId, object body)
    {
        var response = await Admin.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Json.Posted>())!;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
