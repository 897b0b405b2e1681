using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Attachments;
using Parley.Tests.Channels;
using Parley.Tests.Infrastructure;
using Parley.Tests.Simulator;

namespace Parley.Tests.Attachments;

/// <summary>
/// Customers' files: the webhook stores the message at once and the download worker fetches the
/// media from the provider (here the simulator, over loopback) with the channel's credentials.
/// </summary>
public sealed class InboundMediaTests
{
    private const string AuthToken = "twilio-auth-token-0123456789";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string PhoneNumberId = "106540352242922";
    private const string AccessToken = "EAAG-meta-access-token";
    private const string AppSecret = "meta-app-secret";

    [ProviderFact]
    public async Task An_mms_is_stored_at_once_and_its_files_are_fetched_from_twilio_with_the_channels_credentials(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var sink = await WebhookReceiver.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await SmsChannelAsync(admin, simulator, AuthToken);
        var photo = Files.Png(2_000);
        var invoice = Files.Pdf(3_000);
        var mediaUrls = await TwilioMediaAsync(simulator, sink, (photo, "image/png"), (invoice, "application/pdf"));

        using var twilio = app.NewClient();
        (await twilio.PostTwilioAsync($"/webhooks/twilio/{channelId}", MmsForm("MMin1", "The damage", mediaUrls, "image/png", "application/pdf"), AuthToken))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        // Committed with the message, not yet fetched: the webhook never waits for a download.
        var pending = await app.QueryAsync(d => d.Attachments.IgnoreQueryFilters().OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync());
        pending.Select(a => (a.Status, a.ProviderMedia, a.ContentType)).ShouldBe([(AttachmentStatus.Pending, mediaUrls[0], "image/png"), (AttachmentStatus.Pending, mediaUrls[1], "application/pdf")]);
        (await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().SingleAsync())).LastMessagePreview.ShouldBe("The damage");

        (await DownloadAsync(app)).ShouldBe(2);

        var stored = await app.QueryAsync(d => d.Attachments.IgnoreQueryFilters().OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync());
        stored.ShouldAllBe(a => a.Status == AttachmentStatus.Stored);
        stored.Select(a => a.Sha256).ShouldBe([Convert.ToHexStringLower(SHA256.HashData(photo)), Convert.ToHexStringLower(SHA256.HashData(invoice))]);
        var conversationId = stored[0].ConversationId!.Value;
        var message = (await admin.Client.GetFromJsonAsync<Json.Page<Json.Message>>($"/api/v1/conversations/{conversationId}/messages"))!.Items.Single();
        message.Text.ShouldBe("The damage");
        message.Attachments!.Select(a => (a.ContentType, a.Size, a.Status)).ShouldBe([("image/png", 2_000L, "Stored"), ("application/pdf", 3_000L, "Stored")]);
        message.Attachments![0].FileName.ShouldEndWith(".png");
        (await admin.Client.GetByteArrayAsync(message.Attachments[0].Url)).ShouldBe(photo);
        (await admin.Client.GetByteArrayAsync(message.Attachments[1].Url)).ShouldBe(invoice);
        (await DownloadAsync(app)).ShouldBe(0);
    }

    [ProviderFact]
    public async Task A_whatsapp_picture_is_fetched_the_cloud_apis_two_step_way_with_the_access_token(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var sink = await WebhookReceiver.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await CreateChannelAsync(admin, new
        {
            type = "whatsapp", name = "WhatsApp", phoneNumber = "+15550100001",
            settings = new { phoneNumberId = PhoneNumberId, accessToken = AccessToken, appSecret = AppSecret, verifyToken = "v", baseUrl = simulator.Client.BaseAddress!.ToString(), apiVersion = "v21.0" },
        });
        (await simulator.Client.PostAsJsonAsync("/_sim/whatsapp/register", new { phoneNumberId = PhoneNumberId, webhookUrl = sink.BaseUrl + "/meta", appSecret = AppSecret, accessToken = AccessToken }))
            .EnsureSuccessStatusCode();
        var photo = Files.Jpeg(4_000);
        var sent = await (await simulator.Client.PostAsJsonAsync("/_sim/whatsapp/inbound", new
        {
            phoneNumberId = PhoneNumberId, from = "+15550102000",
            media = new { type = "image", contentType = "image/jpeg", base64 = Convert.ToBase64String(photo), caption = "Broken screen" },
        })).Content.ReadFromJsonAsync<JsonObject>();
        var mediaId = (string)sent!["mediaId"]!;

        using var meta = app.NewClient();
        (await meta.PostMetaAsync(channelId, Notification("wamid.in1", "{\"type\":\"image\",\"image\":{\"id\":\"" + mediaId + "\",\"mime_type\":\"image/jpeg\",\"caption\":\"Broken screen\"}}"), AppSecret))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await DownloadAsync(app)).ShouldBe(1);

        var attachment = await app.QueryAsync(d => d.Attachments.IgnoreQueryFilters().SingleAsync());
        (attachment.Status, attachment.Size, attachment.ContentType).ShouldBe((AttachmentStatus.Stored, 4_000L, "image/jpeg"));
        (await admin.Client.GetByteArrayAsync($"/api/v1/attachments/{attachment.Id}/content")).ShouldBe(photo);
        (await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().SingleAsync())).Text.ShouldBe("Broken screen");
    }

    [ProviderFact]
    public async Task Refused_credentials_types_and_sizes_fail_the_file_with_the_reason_and_store_nothing(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var sink = await WebhookReceiver.StartAsync();
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:Attachments:MaxBytes"] = "5000" });
        var admin = await app.SetUpAsync();
        // The channel's token is not the one the simulator holds the media under: Twilio answers 401.
        var channelId = await SmsChannelAsync(admin, simulator, "a-rotated-auth-token-000000");
        var forbidden = await TwilioMediaAsync(simulator, sink, (Files.Png(), "image/png"));
        var page = await TwilioMediaAsync(simulator, sink, ("<html><script>alert(1)</script></html>"u8.ToArray(), "text/html"), authToken: "a-rotated-auth-token-000000");
        var huge = await TwilioMediaAsync(simulator, sink, (Files.Png(6_000), "image/png"), authToken: "a-rotated-auth-token-000000");
        using var twilio = app.NewClient();
        foreach (var (sid, url, type) in new[] { ("MM1", forbidden[0], "image/png"), ("MM2", page[0], "text/html"), ("MM3", huge[0], "image/png") })
            (await twilio.PostTwilioAsync($"/webhooks/twilio/{channelId}", MmsForm(sid, "", [url], type), "a-rotated-auth-token-000000")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await DownloadAsync(app)).ShouldBe(3);

        var failed = await app.QueryAsync(d => d.Attachments.IgnoreQueryFilters().OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync());
        failed.ShouldAllBe(a => a.Status == AttachmentStatus.Failed && a.StorageKey == null);
        failed[0].Error.ShouldNotBeNull().ShouldContain("401");
        failed[1].Error.ShouldNotBeNull().ShouldContain("text/html");
        failed[2].Error.ShouldNotBeNull().ShouldContain("5000 bytes");
        // A media-only message still reads as what it was in the inbox.
        (await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().SingleAsync())).LastMessagePreview.ShouldBe("[image]");
        var folder = Path.Combine(app.DataDirectory, "attachments");
        (Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : []).ShouldBeEmpty();
        (await admin.Client.GetAsync($"/api/v1/attachments/{failed[0].Id}/content")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [ProviderFact]
    public async Task An_unreachable_provider_is_retried_with_back_off_until_it_gives_up(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channelId = await SmsChannelAsync(admin, simulator, AuthToken);
        using var twilio = app.NewClient();
        (await twilio.PostTwilioAsync($"/webhooks/twilio/{channelId}", MmsForm("MM1", "", ["http://127.0.0.1:9/media/1"], "image/png"), AuthToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await DownloadAsync(app)).ShouldBe(0);
        var waiting = await app.QueryAsync(d => d.Attachments.IgnoreQueryFilters().SingleAsync());
        (waiting.Status, waiting.DownloadAttempts).ShouldBe((AttachmentStatus.Pending, 1));
        waiting.NextAttemptAt.ShouldBe(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(10));
        (await DownloadAsync(app)).ShouldBe(0);
        (await app.QueryAsync(d => d.Attachments.IgnoreQueryFilters().SingleAsync())).DownloadAttempts.ShouldBe(1);

        for (var attempt = 2; attempt <= MediaDownloads.MaxAttempts; attempt++)
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
            await DownloadAsync(app);
        }

        var given = await app.QueryAsync(d => d.Attachments.IgnoreQueryFilters().SingleAsync());
        (given.Status, given.DownloadAttempts).ShouldBe((AttachmentStatus.Failed, MediaDownloads.MaxAttempts));
    }

    private static async Task<int> DownloadAsync(ParleyApp app) =>
        await app.Services.GetRequiredService<MediaDownloads>().DownloadDueAsync(CancellationToken.None);

    /// <summary>Has the simulator hold these files as Twilio holds an MMS's media; answers their media URLs.</summary>
    private static async Task<List<string>> TwilioMediaAsync(RunningSimulator simulator, WebhookReceiver sink, params (byte[] Bytes, string Type)[] files) =>
        await TwilioMediaAsync(simulator, sink, files, AuthToken);

    private static async Task<List<string>> TwilioMediaAsync(RunningSimulator simulator, WebhookReceiver sink, (byte[] Bytes, string Type) file, string authToken) =>
        await TwilioMediaAsync(simulator, sink, [file], authToken);

    private static async Task<List<string>> TwilioMediaAsync(RunningSimulator simulator, WebhookReceiver sink, (byte[] Bytes, string Type)[] files, string authToken)
    {
        var answer = await (await simulator.Client.PostAsJsonAsync("/_sim/twilio/inbound", new
        {
            webhookUrl = sink.BaseUrl + "/twilio", authToken, accountSid = AccountSid, from = "+15550102000", to = "+15550100000",
            media = files.Select(f => new { contentType = f.Type, base64 = Convert.ToBase64String(f.Bytes) }),
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        return [.. answer!["mediaUrls"]!.AsArray().Select(u => (string)u!)];
    }

    private static Dictionary<string, string> MmsForm(string sid, string body, IReadOnlyList<string> mediaUrls, params string[] types)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = sid, ["AccountSid"] = AccountSid, ["From"] = "+15550102000", ["To"] = "+15550100000", ["Body"] = body,
            ["NumMedia"] = mediaUrls.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < mediaUrls.Count; i++)
        {
            form[$"MediaUrl{i}"] = mediaUrls[i];
            form[$"MediaContentType{i}"] = types[i];
        }
        return form;
    }

    private static string Notification(string id, string message)
    {
        var item = JsonNode.Parse(message)!.AsObject();
        item["from"] = "15550102000";
        item["id"] = id;
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "1",
                ["changes"] = new JsonArray(new JsonObject
                {
                    ["field"] = "messages",
                    ["value"] = new JsonObject
                    {
                        ["messaging_product"] = "whatsapp",
                        ["metadata"] = new JsonObject { ["display_phone_number"] = "15550100001", ["phone_number_id"] = PhoneNumberId },
                        ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Maria" }, ["wa_id"] = "15550102000" }),
                        ["messages"] = new JsonArray(item),
                    },
                }),
            }),
        }.ToJsonString();
    }

    private static Task<Guid> SmsChannelAsync(Actor admin, RunningSimulator simulator, string authToken) =>
        CreateChannelAsync(admin, new
        {
            type = "sms", name = "SMS", phoneNumber = "+15550100000",
            settings = new { accountSid = AccountSid, authToken, baseUrl = simulator.Client.BaseAddress!.ToString() },
        });

    private static async Task<Guid> CreateChannelAsync(Actor admin, object body)
    {
        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", body);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<Json.Channel>())!.Id;
    }
}
