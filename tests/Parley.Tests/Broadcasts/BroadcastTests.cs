using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Conversations;
using Parley.Tests.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Broadcasts;

/// <summary>SPEC §2: a broadcast skips opted-out contacts and contacts in an ongoing conversation unless has_priority.</summary>
public sealed class BroadcastTests
{
    private sealed record Outcome(Guid ContactId, string Result, Guid? ConversationId);
    private sealed record Response(int Started, int Joined, int Skipped, List<Outcome> Results);

    [ProviderFact]
    public async Task A_broadcast_starts_sent_conversations_and_skips_opted_out_and_ongoing_contacts(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var template = await TemplateAsync(f);
        var fresh = await f.CreateContactAsync(f.NewPhone(), "Ava Fresh");
        var optedOutPhone = f.NewPhone();
        var optedOut = (await f.DeliverAsync(optedOutPhone, "STOP")).ContactId;
        var ongoing = await f.DeliverAsync(f.NewPhone(), "Still waiting on my refund");
        var resolved = await f.DeliverAsync(f.NewPhone(), "Thanks, all good");
        await f.ActAsync(f.Admin, resolved.ConversationId, "resolve");

        var response = await f.Admin.Client.PostAsJsonAsync("/api/v1/broadcasts",
            new { channelId = f.Channel.Id, templateId = template, contactIds = new[] { fresh, optedOut, ongoing.ContactId, resolved.ContactId } });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<Response>())!;
        (body.Started, body.Joined, body.Skipped).ShouldBe((2, 0, 2));
        body.Results.Select(r => r.Result).ShouldBe(["started", "skipped_opted_out", "skipped_ongoing", "started"]);
        foreach (var started in body.Results.Where(r => r.Result == "started"))
        {
            var row = await f.RowAsync(started.ConversationId!.Value);
            row.Status.ShouldBe(ConversationStatus.Sent);
            var messages = await f.MessagesAsync(row.Id);
            messages.Single().DeliveryStatus.ShouldBe(DeliveryStatus.Queued);
            messages.Single().Text.ShouldStartWith("Hello ");
        }
        // The resolved conversation stays as it was; the broadcast opened a new one.
        (await f.RowAsync(resolved.ConversationId)).Status.ShouldBe(ConversationStatus.Resolved);
        (await f.MessagesAsync(ongoing.ConversationId)).Count.ShouldBe(1);
    }

    [ProviderFact]
    public async Task With_has_priority_the_template_joins_the_ongoing_conversation(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var template = await TemplateAsync(f);
        var ongoing = await f.DeliverAsync(f.NewPhone(), "Still waiting on my refund");

        var response = await f.Admin.Client.PostAsJsonAsync("/api/v1/broadcasts",
            new { channelId = f.Channel.Id, templateId = template, contactIds = new[] { ongoing.ContactId }, hasPriority = true });

        var body = (await response.Content.ReadFromJsonAsync<Response>())!;
        body.Results.Single().ShouldBe(new Outcome(ongoing.ContactId, "joined", ongoing.ConversationId));
        (await f.MessagesAsync(ongoing.ConversationId)).Select(m => m.Direction).ShouldBe([MessageDirection.In, MessageDirection.Out]);
        (await f.RowAsync(ongoing.ConversationId)).Status.ShouldBe(ConversationStatus.Open);
    }

    [ProviderFact]
    public async Task Bad_broadcasts_are_refused_and_agents_may_not_broadcast(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var template = await TemplateAsync(f);
        var before = await f.SnapshotAsync();

        await (await f.Admin.Client.PostAsJsonAsync("/api/v1/broadcasts", new { channelId = f.Channel.Id, templateId = template, contactIds = Array.Empty<Guid>() }))
            .ShouldBeValidationProblemAsync("contactIds");
        await (await f.Admin.Client.PostAsJsonAsync("/api/v1/broadcasts", new { templateId = template, contactIds = new[] { Guid.NewGuid() } }))
            .ShouldBeValidationProblemAsync("channelId");
        await (await f.Admin.Client.PostAsJsonAsync("/api/v1/broadcasts", new { channelId = f.Channel.Id, templateId = Guid.NewGuid(), contactIds = new[] { Guid.NewGuid() } }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await f.Agent.Client.PostAsJsonAsync("/api/v1/broadcasts", new { channelId = f.Channel.Id, templateId = template, contactIds = new[] { Guid.NewGuid() } }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await f.SnapshotAsync()).ShouldBe(before);
    }

    private static async Task<Guid> TemplateAsync(ConversationFixture f)
    {
        var created = await f.Admin.Client.PostAsJsonAsync("/api/v1/templates", new { kind = "Conversation", name = "Spring sale", text = "Hello {{contact.name}}, our spring sale starts today." });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
