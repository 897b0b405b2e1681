using System.Net.Http.Json;
using System.Text.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

public sealed class EventTrailTests
{
    [ProviderFact]
    public async Task Each_events_payload_is_a_json_object_and_an_event_without_details_has_an_empty_one(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var phone = f.NewPhone();
        var id = (await f.DeliverAsync(phone)).ConversationId;
        (await f.Agent.Client.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { tags = new[] { "vip" } })).EnsureSuccessStatusCode();
        await f.DeliverAsync(phone, "STOP");

        var events = (await f.Agent.Client.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{id}/events")).GetProperty("items").EnumerateArray().ToList();

        events.Select(e => e.GetProperty("payload").ValueKind).ShouldAllBe(kind => kind == JsonValueKind.Object);
        var byType = events.ToLookup(e => e.GetProperty("type").GetString()!, e => e.GetProperty("payload"));
        byType["Created"].Single().GetProperty("status").GetString().ShouldBe("Open");
        byType["TagAdded"].Single().GetProperty("tag").GetString().ShouldBe("vip");
        byType["ContactOptedOut"].Single().EnumerateObject().ShouldBeEmpty();
        // Stored as text all the same: the answer's object is the stored JSON.
        var stored = (await f.EventsAsync(id)).Single(e => e.Type == Parley.Audit.ConversationEventType.TagAdded);
        stored.Payload.ShouldBe("{\"tag\":\"vip\"}");
    }

    [ProviderFact]
    public async Task The_trail_reads_newest_first_on_request_and_pages_back_to_the_first_event(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var phone = f.NewPhone();
        var id = (await f.DeliverAsync(phone)).ConversationId;
        foreach (var tag in new[] { "vip", "refund" })
        {
            f.App.Clock.Advance(TimeSpan.FromMinutes(1));
            (await f.Agent.Client.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { tags = new[] { tag } })).EnsureSuccessStatusCode();
        }
        var oldestFirst = (await f.Agent.Client.GetFromJsonAsync<Json.Page<EventJson>>($"/api/v1/conversations/{id}/events"))!.Items.Select(e => e.Id).ToList();
        oldestFirst.Count.ShouldBeGreaterThanOrEqualTo(4);

        var newestFirst = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = (await f.Agent.Client.GetFromJsonAsync<Json.Page<EventJson>>(
                $"/api/v1/conversations/{id}/events?order=newest&limit=1" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            newestFirst.AddRange(page.Items.Select(e => e.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null && newestFirst.Count < 20);

        newestFirst.ShouldBe(Enumerable.Reverse(oldestFirst).ToList());
        (await f.Agent.Client.GetFromJsonAsync<Json.Page<EventJson>>($"/api/v1/conversations/{id}/events?order=oldest"))!.Items.Select(e => e.Id).ShouldBe(oldestFirst);
        await (await f.Agent.Client.GetAsync($"/api/v1/conversations/{id}/events?order=backwards")).ShouldBeValidationProblemAsync("order");
    }
}
