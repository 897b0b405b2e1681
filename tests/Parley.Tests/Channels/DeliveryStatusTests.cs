using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Channels.Sms;
using Parley.Channels.WhatsApp;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Channels;

/// <summary>SPEC §6: status updates are monotonic — out-of-order, repeated and skipped steps are harmless.</summary>
public sealed class DeliveryStatusTests
{
    private const string AuthToken = "twilio-auth-token-0123456789";
    private const string AppSecret = "meta-app-secret-42";

    [ProviderFact]
    public async Task Twilio_statuses_only_move_forward_whatever_order_they_arrive_in(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateChannelAsync(admin, new
        {
            type = "sms", name = "SMS", phoneNumber = "+15550100000",
            settings = new { accountSid = "AC0123456789abcdef0123456789abcdef", authToken = AuthToken, baseUrl = "http://127.0.0.1:9000" },
        });
        using var twilio = app.NewClient();
        await PostTwilioAsync(twilio, channelId, "", new() { ["MessageSid"] = "SMin1", ["From"] = "+15550102000", ["To"] = "+15550100000", ["Body"] = "Hi" });
        var messageId = await ReplyAcceptedAsync(app, admin, "SMout1");

        var deliveredAt = app.Now();
        (await PostTwilioAsync(twilio, channelId, "/status", new() { ["MessageSid"] = "SMout1", ["MessageStatus"] = "delivered" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var sentAt = app.Now();
        foreach (var status in new[] { "sent", "queued", "delivered" })
        {
            (await PostTwilioAsync(twilio, channelId, "/status", new() { ["MessageSid"] = "SMout1", ["MessageStatus"] = status })).StatusCode.ShouldBe(HttpStatusCode.OK);
            app.Clock.Advance(TimeSpan.FromSeconds(5));
        }
        var delivered = await MessageAsync(app, messageId);
        delivered.DeliveryStatus.ShouldBe(DeliveryStatus.Delivered);
        // The late "sent" does not move the status back, but its time was not known and is kept.
        (delivered.SentAt, delivered.DeliveredAt, delivered.ReadAt).ShouldBe((sentAt, deliveredAt, null));

        var readAt = app.Now();
        await PostTwilioAsync(twilio, channelId, "/status", new() { ["MessageSid"] = "SMout1", ["MessageStatus"] = "read" });
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        await PostTwilioAsync(twilio, channelId, "/status", new() { ["MessageSid"] = "SMout1", ["MessageStatus"] = "failed", ["ErrorCode"] = "30003" });

        var read = await MessageAsync(app, messageId);
        read.DeliveryStatus.ShouldBe(DeliveryStatus.Read);
        (read.SentAt, read.DeliveredAt, read.ReadAt, read.FailedAt).ShouldBe((sentAt, deliveredAt, readAt, null));
        read.DeliveryError.ShouldBeNull();
        var shown = await MessageJsonAsync(admin, messageId);
        shown.GetProperty("deliveryStatus").GetString().ShouldBe("Read");
        shown.GetProperty("sentAt").GetDateTime().ShouldBe(sentAt);
        shown.GetProperty("deliveredAt").GetDateTime().ShouldBe(deliveredAt);
        shown.GetProperty("readAt").GetDateTime().ShouldBe(readAt);
        shown.GetProperty("failedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        shown.GetProperty("queuedReason").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [ProviderFact]
    public async Task A_failed_delivery_is_terminal_keeps_the_providers_reason_and_writes_a_delivery_failed_event(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateChannelAsync(admin, new
        {
            type = "sms", name = "SMS", phoneNumber = "+15550100000",
            settings = new { accountSid = "AC0123456789abcdef0123456789abcdef", authToken = AuthToken, baseUrl = "http://127.0.0.1:9000" },
        });
        using var twilio = app.NewClient();
        await PostTwilioAsync(twilio, channelId, "", new() { ["MessageSid"] = "SMin1", ["From"] = "+15550102000", ["To"] = "+15550100000", ["Body"] = "Hi" });
        var messageId = await ReplyAcceptedAsync(app, admin, "SMout2");

        await PostTwilioAsync(twilio, channelId, "/status", new() { ["MessageSid"] = "SMout2", ["MessageStatus"] = "undelivered", ["ErrorCode"] = "30003" });
        await PostTwilioAsync(twilio, channelId, "/status", new() { ["MessageSid"] = "SMout2", ["MessageStatus"] = "delivered" });

        var failed = await MessageAsync(app, messageId);
        (failed.DeliveryStatus, failed.DeliveryError).ShouldBe((DeliveryStatus.Failed, "Twilio error 30003"));
        // A delivery reported after the failure contradicts it: nothing of it is recorded.
        (failed.FailedAt, failed.DeliveredAt).ShouldBe((app.Now(), null));
        var shown = await MessageJsonAsync(admin, messageId);
        shown.GetProperty("failedAt").GetDateTime().ShouldBe(app.Now());
        shown.GetProperty("deliveryError").GetString().ShouldBe("Twilio error 30003");
        var events = await app.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().Where(e => e.Type == ConversationEventType.DeliveryFailed).ToListAsync());
        events.Count.ShouldBe(1);
        events[0].Payload.ShouldNotBeNull().ShouldContain(messageId.ToString());
    }

    [ProviderFact]
    public async Task A_status_for_an_unknown_message_is_acknowledged_and_changes_nothing_and_a_bad_signature_is_refused(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateChannelAsync(admin, new
        {
            type = "sms", name = "SMS", phoneNumber = "+15550100000",
            settings = new { accountSid = "AC0123456789abcdef0123456789abcdef", authToken = AuthToken, baseUrl = "http://127.0.0.1:9000" },
        });
        using var twilio = app.NewClient();
        var before = await app.SnapshotAsync();

        (await PostTwilioAsync(twilio, channelId, "/status", new() { ["MessageSid"] = "SMnever", ["MessageStatus"] = "delivered" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await PostTwilioAsync(twilio, channelId, "/status", new() { ["MessageSid"] = "SMnever", ["MessageStatus"] = "exploded" })).ShouldBeValidationProblemAsync("MessageStatus");
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/twilio/{channelId}/status")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SMnever", ["MessageStatus"] = "delivered" }),
        };
        forged.Headers.Add("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl");
        await (await twilio.SendAsync(forged)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task WhatsApp_statuses_move_our_message_to_read_and_a_failure_keeps_metas_reason(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateChannelAsync(admin, new
        {
            type = "whatsapp", name = "WhatsApp", phoneNumber = "+15550100001",
            settings = new { phoneNumberId = "106540352242922", accessToken = "EAAG", appSecret = AppSecret, verifyToken = "v", baseUrl = "http://127.0.0.1:9000", apiVersion = "v21.0" },
        });
        using var meta = app.NewClient();
        await PostMetaAsync(meta, channelId, """{"from":"15550102000","id":"wamid.in1","timestamp":"1793600000","type":"text","text":{"body":"Hi"}}""", null);
        var readId = await ReplyAcceptedAsync(app, admin, "wamid.out1");

        await PostMetaAsync(meta, channelId, null, """[{"id":"wamid.out1","status":"read","timestamp":"1793600100","recipient_id":"15550102000"},{"id":"wamid.out1","status":"delivered","timestamp":"1793600050","recipient_id":"15550102000"}]""");

        var read = await MessageAsync(app, readId);
        read.DeliveryStatus.ShouldBe(DeliveryStatus.Read);
        (read.ReadAt, read.DeliveredAt, read.SentAt).ShouldBe((app.Now(), app.Now(), null));

        // A read receipt with no delivery receipt before it: the skipped step stays unknown, never invented.
        var skippedId = await ReplyAcceptedAsync(app, admin, "wamid.out3");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await PostMetaAsync(meta, channelId, null, """[{"id":"wamid.out3","status":"read","timestamp":"1793600300","recipient_id":"15550102000"}]""");
        var skipped = await MessageJsonAsync(admin, skippedId);
        skipped.GetProperty("deliveryStatus").GetString().ShouldBe("Read");
        skipped.GetProperty("readAt").GetDateTime().ShouldBe(app.Now());
        skipped.GetProperty("deliveredAt").ValueKind.ShouldBe(JsonValueKind.Null);
        skipped.GetProperty("sentAt").ValueKind.ShouldBe(JsonValueKind.Null);
        (await MessageAsync(app, skippedId)).DeliveredAt.ShouldBeNull();

        var failedId = await ReplyAcceptedAsync(app, admin, "wamid.out2");
        await PostMetaAsync(meta, channelId, null, """[{"id":"wamid.out2","status":"failed","timestamp":"1793600200","recipient_id":"15550102000","errors":[{"code":131047,"title":"Re-engagement message"}]}]""");
        var failed = await MessageAsync(app, failedId);
        (failed.DeliveryStatus, failed.DeliveryError).ShouldBe((DeliveryStatus.Failed, "WhatsApp error 131047: Re-engagement message"));
    }

    private static async Task<Guid> CreateChannelAsync(Actor admin, object body)
    {
        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", body);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<Json.Channel>())!.Id;
    }

    /// <summary>An agent's reply, as the outbound worker leaves it once the provider accepted it and named it.</summary>
    private static async Task<Guid> ReplyAcceptedAsync(ParleyApp app, Actor admin, string providerMessageId)
    {
        var conversationId = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
        var posted = await (await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "On its way" }))
            .Content.ReadFromJsonAsync<Json.Posted>();
        var id = posted!.Message.Id;
        await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ExternalMessageId, providerMessageId)));
        return id;
    }

    /// <summary>The message as the conversation's message list shows it.</summary>
    private static async Task<JsonElement> MessageJsonAsync(Actor admin, Guid messageId)
    {
        var conversations = await admin.Client.GetFromJsonAsync<JsonElement>("/api/v1/conversations?view=all");
        foreach (var conversation in conversations.GetProperty("items").EnumerateArray())
        {
            var messages = await admin.Client.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{conversation.GetProperty("id").GetGuid()}/messages");
            foreach (var message in messages.GetProperty("items").EnumerateArray())
            {
                if (message.GetProperty("id").GetGuid() == messageId)
                    return message;
            }
        }
        throw new InvalidOperationException($"Message {messageId} is not listed.");
    }

    private static Task<Message> MessageAsync(ParleyApp app, Guid id) =>
        app.QueryAsync(d => d.Messages.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == id));

    private static async Task<HttpResponseMessage> PostTwilioAsync(HttpClient client, Guid channelId, string suffix, Dictionary<string, string> form)
    {
        return await client.PostTwilioAsync($"/webhooks/twilio/{channelId}{suffix}", form, AuthToken);
    }

    private static async Task<HttpResponseMessage> PostMetaAsync(HttpClient client, Guid channelId, string? message, string? statuses)
    {
        var value = "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550100001\",\"phone_number_id\":\"106540352242922\"}"
            + (message is null ? "" : ",\"contacts\":[{\"profile\":{\"name\":\"Maria\"},\"wa_id\":\"15550102000\"}],\"messages\":[" + message + "]")
            + (statuses is null ? "" : ",\"statuses\":" + statuses);
        var body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{" + value + "}}]}]}";
        var response = await client.PostMetaAsync(channelId, body, AppSecret);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response;
    }
}
