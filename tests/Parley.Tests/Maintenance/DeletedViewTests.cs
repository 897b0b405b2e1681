using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Maintenance;

/// <summary>Admins see when each deleted conversation will be purged and can restore it until then.</summary>
public sealed class DeletedViewTests
{
    [ProviderFact]
    public async Task The_deleted_view_shows_each_purge_date_by_its_channels_buffer_and_a_restore_before_it_brings_the_conversation_back(string db)
    {
        await using var f = await MaintenanceFixture.StartAsync(db);
        await f.PutPolicyAsync(new { deleteBufferDays = 7 });
        await f.PutChannelAsync(f.ChannelB, new { deleteBufferDays = (int?)null });
        var deletedAt = f.App.Clock.GetUtcNow().UtcDateTime;
        var onA = await f.ConversationAsync(ConversationStatus.Deleted, f.ChannelA);
        var onB = await f.ConversationAsync(ConversationStatus.Deleted, f.ChannelB);
        var restored = await f.ConversationAsync(ConversationStatus.Deleted, f.ChannelA);

        var view = await f.Api.GetFromJsonAsync<JsonElement>("/api/v1/conversations?view=deleted");
        var purgeAt = view.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetGuid(), r => r.GetProperty("purgeAt").GetDateTime());
        purgeAt[onA].ShouldBe(deletedAt.AddDays(7));
        // Channel B overrides the buffer with "not set", which is 30 days.
        purgeAt[onB].ShouldBe(deletedAt.AddDays(30));
        (await f.Api.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{onA}")).GetProperty("purgeAt").GetDateTime().ShouldBe(deletedAt.AddDays(7));

        f.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        (await f.Api.PostAsync($"/api/v1/conversations/{restored}/restore", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        f.Advance(TimeSpan.FromMinutes(1));
        await f.SweepAsync();

        var remaining = await f.Api.GetFromJsonAsync<JsonElement>("/api/v1/conversations?view=deleted");
        remaining.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ShouldBe([onB]);
        (await f.StatusAsync(restored)).ShouldBe(ConversationStatus.Open);
        (await f.Api.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{restored}")).GetProperty("purgeAt").ValueKind.ShouldBe(JsonValueKind.Null);
        // Purged: restoring is no longer possible; the conversation does not exist.
        (await f.Api.PostAsync($"/api/v1/conversations/{onA}/restore", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
