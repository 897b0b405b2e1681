using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Channels;
using Parley.Conversations;
using Parley.Tests.Conversations;
using Parley.Tests.Infrastructure;
using Parley.Tests.Simulator;

namespace Parley.Tests.Channels;

/// <summary>A queued reply says why it waits and until when, from the moment it is posted.</summary>
public sealed class QueuedReasonTests
{
    // Monday 2 November 2026, 14:00 UTC: 09:00 in New York, where the channel opens (the test clock starts at 09:30 UTC).
    private static readonly DateTime Opening = new(2026, 11, 2, 14, 0, 0, DateTimeKind.Utc);

    [ProviderFact]
    public async Task A_reply_outside_business_hours_says_it_waits_for_the_opening_when_posted_and_after_the_delivery_pass(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        await using var bot = await WebhookReceiver.StartAsync();
        (await f.Admin.Client.PatchAsJsonAsync($"/api/v1/channels/{f.Channel.Id}", new
        {
            settings = new { webhookUrl = bot.BaseUrl + "/parley" },
            businessHours = new { timeZone = "America/New_York", days = new { monday = new[] { new { open = "09:00", close = "17:00" } } } },
        })).EnsureSuccessStatusCode();
        var conversationId = (await f.DeliverAsync(f.NewPhone())).ConversationId;

        var posted = await PostReplyAsync(f, conversationId);

        (posted.GetProperty("deliveryStatus").GetString(), posted.GetProperty("queuedReason").GetString()).ShouldBe(("Queued", "OutsideBusinessHours"));
        posted.GetProperty("scheduledFor").GetDateTime().ShouldBe(Opening);
        var messageId = posted.GetProperty("id").GetGuid();

        (await SendDueAsync(f.App)).ShouldBe(0);

        (await RowAsync(f.App, messageId)).NextAttemptAt.ShouldBe(Opening);
        var listed = await ListedAsync(f, conversationId, messageId);
        (listed.GetProperty("queuedReason").GetString(), listed.GetProperty("scheduledFor").GetDateTime()).ShouldBe(("OutsideBusinessHours", Opening));

        f.App.Clock.Advance(Opening - f.App.Now());
        (await SendDueAsync(f.App)).ShouldBe(1);

        (await bot.NextAsync()).Url.ShouldEndWith("/parley");
        var sent = await ListedAsync(f, conversationId, messageId);
        sent.GetProperty("deliveryStatus").GetString().ShouldBe("Delivered");
        sent.GetProperty("queuedReason").ValueKind.ShouldBe(JsonValueKind.Null);
        sent.GetProperty("scheduledFor").ValueKind.ShouldBe(JsonValueKind.Null);
        // The bot's webhook took it: sent and delivered in that one moment.
        (sent.GetProperty("sentAt").GetDateTime(), sent.GetProperty("deliveredAt").GetDateTime()).ShouldBe((Opening, Opening));
        var row = await RowAsync(f.App, messageId);
        (row.DeliveryStatus, row.SentAt, row.DeliveredAt, row.ReadAt).ShouldBe((DeliveryStatus.Delivered, Opening, Opening, null));
    }

    [ProviderFact]
    public async Task A_reply_whose_send_failed_for_now_says_when_the_next_attempt_is(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        await using var bot = await WebhookReceiver.StartAsync();
        bot.AnswerWith = HttpStatusCode.ServiceUnavailable;
        (await f.Admin.Client.PatchAsJsonAsync($"/api/v1/channels/{f.Channel.Id}", new { settings = new { webhookUrl = bot.BaseUrl + "/parley" } })).EnsureSuccessStatusCode();
        var conversationId = (await f.DeliverAsync(f.NewPhone())).ConversationId;

        var posted = await PostReplyAsync(f, conversationId);

        (posted.GetProperty("queuedReason").GetString(), posted.GetProperty("scheduledFor").ValueKind).ShouldBe(("Sending", JsonValueKind.Null));
        var messageId = posted.GetProperty("id").GetGuid();

        await SendDueAsync(f.App);

        await bot.NextAsync();
        var nextAttempt = f.App.Now().AddSeconds(10);
        var row = await RowAsync(f.App, messageId);
        (row.DeliveryStatus, row.SendAttempts, row.NextAttemptAt).ShouldBe((DeliveryStatus.Queued, 1, (DateTime?)nextAttempt));
        var waiting = await ListedAsync(f, conversationId, messageId);
        (waiting.GetProperty("queuedReason").GetString(), waiting.GetProperty("scheduledFor").GetDateTime()).ShouldBe(("RetryingAfterError", nextAttempt));
        waiting.GetProperty("failedAt").ValueKind.ShouldBe(JsonValueKind.Null);

        bot.AnswerWith = HttpStatusCode.OK;
        f.App.Clock.Advance(TimeSpan.FromSeconds(10));
        (await SendDueAsync(f.App)).ShouldBe(1);

        var delivered = await ListedAsync(f, conversationId, messageId);
        (delivered.GetProperty("deliveryStatus").GetString(), delivered.GetProperty("queuedReason").ValueKind).ShouldBe(("Delivered", JsonValueKind.Null));
    }

    [ProviderFact]
    public async Task A_reply_on_an_api_channel_without_a_webhook_says_so_and_leaves_as_soon_as_one_is_set(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        await using var bot = await WebhookReceiver.StartAsync();
        var conversationId = (await f.DeliverAsync(f.NewPhone())).ConversationId;

        var posted = await PostReplyAsync(f, conversationId);

        (posted.GetProperty("queuedReason").GetString(), posted.GetProperty("scheduledFor").ValueKind).ShouldBe(("NoWebhookConfigured", JsonValueKind.Null));
        var messageId = posted.GetProperty("id").GetGuid();
        (await SendDueAsync(f.App)).ShouldBe(0);
        (await RowAsync(f.App, messageId)).NextAttemptAt.ShouldBe(f.App.Now().AddHours(1));
        (await ListedAsync(f, conversationId, messageId)).GetProperty("queuedReason").GetString().ShouldBe("NoWebhookConfigured");

        (await f.Admin.Client.PatchAsJsonAsync($"/api/v1/channels/{f.Channel.Id}", new { settings = new { webhookUrl = bot.BaseUrl + "/parley" } })).EnsureSuccessStatusCode();

        (await RowAsync(f.App, messageId)).NextAttemptAt.ShouldBeNull();
        (await ListedAsync(f, conversationId, messageId)).GetProperty("queuedReason").GetString().ShouldBe("Sending");
        (await SendDueAsync(f.App)).ShouldBe(1);
        (await bot.NextAsync()).Url.ShouldEndWith("/parley");
        (await RowAsync(f.App, messageId)).DeliveryStatus.ShouldBe(DeliveryStatus.Delivered);
    }

    private static async Task<JsonElement> PostReplyAsync(ConversationFixture f, Guid conversationId)
    {
        var response = await f.Agent.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "We'll look at it first thing." });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message");
    }

    private static async Task<JsonElement> ListedAsync(ConversationFixture f, Guid conversationId, Guid messageId) =>
        (await f.Agent.Client.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{conversationId}/messages")).GetProperty("items")
            .EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == messageId);

    private static Task<Message> RowAsync(ParleyApp app, Guid id) =>
        app.QueryAsync(d => d.Messages.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == id));

    private static Task<int> SendDueAsync(ParleyApp app) =>
        app.Services.GetRequiredService<OutboundDelivery>().SendDueAsync(CancellationToken.None);
}
