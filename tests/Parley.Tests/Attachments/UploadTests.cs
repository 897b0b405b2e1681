using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Attachments;
using Parley.Tests.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Attachments;

/// <summary>Agents upload files, send them on replies and notes, and read them back; bad files change nothing.</summary>
public sealed class UploadTests
{
    [ProviderFact]
    public async Task An_upload_is_stored_under_a_generated_key_and_only_its_uploader_sees_it_until_it_is_sent(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var bytes = Files.Png(5_000);

        var uploaded = await f.Agent.Client.UploadedAsync(bytes, "image/png", "../../etc/Broken screen.png");

        (uploaded.FileName, uploaded.ContentType, uploaded.Size, uploaded.Status).ShouldBe(("Broken screen.png", "image/png", 5_000L, "Stored"));
        var row = await f.App.QueryAsync(d => d.Attachments.IgnoreQueryFilters().SingleAsync());
        row.StorageKey.ShouldBe($"{f.Agent.OrganizationId:N}/{uploaded.Id:N}");
        row.Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        (row.UploadedByUserId, row.MessageId).ShouldBe((f.Agent.UserId, (Guid?)null));
        // The one file on disk is where Parley put it, whatever the uploader called it.
        Directory.GetFiles(Path.Combine(f.App.DataDirectory, "attachments"), "*", SearchOption.AllDirectories)
            .ShouldBe([Path.Combine(f.App.DataDirectory, "attachments", $"{f.Agent.OrganizationId:N}", $"{uploaded.Id:N}")]);

        using var content = await f.Agent.Client.GetAsync(uploaded.Url);
        content.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await content.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        content.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        content.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        content.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        // Not sent yet: nobody else's, not even an admin's.
        (await f.Admin.Client.GetAsync(uploaded.Url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await f.Admin.Client.GetAsync($"/api/v1/attachments/{uploaded.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [ProviderFact]
    public async Task Bad_uploads_are_refused_with_a_problem_and_leave_no_row_and_no_file(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:Attachments:MaxBytes"] = "10000" });
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        (await (await admin.Client.UploadAsync("<html><script>alert(1)</script></html>"u8.ToArray(), "text/html", "page.html"))
            .ShouldBeValidationProblemAsync("file")).Errors!["file"].Single().ShouldContain("text/html");
        (await (await admin.Client.UploadAsync("<svg onload=alert(1)>"u8.ToArray(), "image/png", "fake.png"))
            .ShouldBeValidationProblemAsync("file")).Errors!["file"].Single().ShouldContain("not image/png");
        await (await admin.Client.UploadAsync([], "image/png", "empty.png")).ShouldBeValidationProblemAsync("file");
        await (await admin.Client.UploadAsync(Files.Png(10_001), "image/png", "big.png")).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await (await admin.Client.PostAsJsonAsync("/api/v1/attachments", new { file = "aGVsbG8=" })).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        using (var two = new MultipartFormDataContent())
        {
            two.Add(new ByteArrayContent(Files.Pdf()) { Headers = { ContentType = new("application/pdf") } }, "file", "a.pdf");
            two.Add(new ByteArrayContent(Files.Pdf()) { Headers = { ContentType = new("application/pdf") } }, "file", "b.pdf");
            await (await admin.Client.PostAsync("/api/v1/attachments", two)).ShouldBeValidationProblemAsync("file");
        }

        (await app.SnapshotAsync()).ShouldBe(before);
        var folder = Path.Combine(app.DataDirectory, "attachments");
        (Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : []).ShouldBeEmpty();
        // At the limit it is accepted.
        (await admin.Client.UploadedAsync(Files.Png(10_000))).Size.ShouldBe(10_000);
    }

    [ProviderFact]
    public async Task A_note_carries_uploads_and_everyone_who_sees_the_conversation_can_open_them(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var inbound = await f.DeliverAsync(f.NewPhone(), "Here is my invoice problem");
        var invoice = await f.Agent.Client.UploadedAsync(Files.Pdf(2_000), "application/pdf", "invoice.pdf");
        var photo = await f.Agent.Client.UploadedAsync(Files.Jpeg(1_000), "image/jpeg", "photo.jpg");

        var posted = await f.PostMessageAsync(f.Agent, inbound.ConversationId, new { kind = "note", text = "", attachmentIds = new[] { invoice.Id, photo.Id } });

        posted.Message.Attachments!.Select(a => a.FileName).ShouldBe(["invoice.pdf", "photo.jpg"]);
        var page = await f.Admin.Client.GetFromJsonAsync<Json.Page<Json.Message>>($"/api/v1/conversations/{inbound.ConversationId}/messages");
        page!.Items.Single(m => m.Id == posted.Message.Id).Attachments!.Select(a => (a.Id, a.Size)).ShouldBe([(invoice.Id, 2_000L), (photo.Id, 1_000L)]);
        (await f.Admin.Client.GetByteArrayAsync(invoice.Url)).Length.ShouldBe(2_000);
        var rows = await f.App.QueryAsync(d => d.Attachments.IgnoreQueryFilters().OrderBy(a => a.FileName).ToListAsync());
        rows.ShouldAllBe(a => a.MessageId == posted.Message.Id && a.ConversationId == inbound.ConversationId);

        // Sent once: the same upload cannot go out again.
        await (await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{inbound.ConversationId}/messages", new { kind = "note", text = "again", attachmentIds = new[] { invoice.Id } }))
            .ShouldBeValidationProblemAsync("attachmentIds");
    }

    [ProviderFact]
    public async Task A_message_may_only_take_the_callers_own_unsent_uploads_and_a_refusal_changes_nothing(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var inbound = await f.DeliverAsync(f.NewPhone());
        var admins = await f.Admin.Client.UploadedAsync(Files.Png());
        var mine = await f.Agent.Client.UploadedAsync(Files.Png());
        var before = await f.SnapshotAsync();

        await (await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{inbound.ConversationId}/messages", new { text = "see", attachmentIds = new[] { admins.Id } }))
            .ShouldBeValidationProblemAsync("attachmentIds");
        await (await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{inbound.ConversationId}/messages", new { text = "see", attachmentIds = new[] { mine.Id, Guid.NewGuid() } }))
            .ShouldBeValidationProblemAsync("attachmentIds");
        await (await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{inbound.ConversationId}/messages", new { text = "see", attachmentIds = Enumerable.Range(0, 11).Select(_ => Guid.NewGuid()) }))
            .ShouldBeValidationProblemAsync("attachmentIds");
        // No text and no files is still nothing to send.
        await (await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{inbound.ConversationId}/messages", new { text = "", attachmentIds = Array.Empty<Guid>() }))
            .ShouldBeValidationProblemAsync("text");

        (await f.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task An_upload_no_message_took_is_removed_with_its_file_after_a_day(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var inbound = await f.DeliverAsync(f.NewPhone());
        var abandoned = await f.Agent.Client.UploadedAsync(Files.Png(), fileName: "abandoned.png");
        var sent = await f.Agent.Client.UploadedAsync(Files.Png(), fileName: "sent.png");
        await f.PostMessageAsync(f.Agent, inbound.ConversationId, new { kind = "note", text = "photo", attachmentIds = new[] { sent.Id } });
        var downloads = f.App.Services.GetRequiredService<MediaDownloads>();

        f.App.Clock.Advance(TimeSpan.FromHours(23));
        await downloads.DownloadDueAsync(CancellationToken.None);
        (await f.App.CountAsync<Attachment>()).ShouldBe(2);

        f.App.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await downloads.DownloadDueAsync(CancellationToken.None);

        (await f.App.QueryAsync(d => d.Attachments.IgnoreQueryFilters().Select(a => a.FileName).ToListAsync())).ShouldBe(["sent.png"]);
        File.Exists(Path.Combine(f.App.DataDirectory, "attachments", $"{f.Agent.OrganizationId:N}", $"{abandoned.Id:N}")).ShouldBeFalse();
        File.Exists(Path.Combine(f.App.DataDirectory, "attachments", $"{f.Agent.OrganizationId:N}", $"{sent.Id:N}")).ShouldBeTrue();
    }
}
