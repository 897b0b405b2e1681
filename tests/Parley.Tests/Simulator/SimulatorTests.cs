using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.ProviderSimulator.Twilio;
using Parley.ProviderSimulator.WhatsApp;

namespace Parley.Tests.Simulator;

public sealed partial class SimulatorTests : IAsyncLifetime
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "twilio-auth-token";
    private const string PhoneNumberId = "106540352242922";
    private const string AppSecret = "meta-app-secret";

    private RunningSimulator _simulator = null!;
    private WebhookReceiver _parley = null!;

    public async Task InitializeAsync()
    {
        _simulator = await RunningSimulator.StartAsync();
        _parley = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _parley.DisposeAsync();
    }

    private HttpClient Sim => _simulator.Client;

    [Fact]
    public async Task Twilio_send_is_answered_in_twilios_shape_and_recorded()
    {
        var response = await SendSmsAsync(new() { ["To"] = "+15557654321", ["From"] = "+15550100000", ["Body"] = "Hello there" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var message = await response.Content.ReadFromJsonAsync<JsonObject>();
        var sid = message!["sid"]!.GetValue<string>();
        sid.ShouldMatch("^SM[0-9a-f]{32}$");
        message["status"]!.GetValue<string>().ShouldBe("queued");
        message["to"]!.GetValue<string>().ShouldBe("+15557654321");
        message["from"]!.GetValue<string>().ShouldBe("+15550100000");
        message["body"]!.GetValue<string>().ShouldBe("Hello there");
        message["account_sid"]!.GetValue<string>().ShouldBe(AccountSid);
        message["direction"]!.GetValue<string>().ShouldBe("outbound-api");
        message["date_created"]!.GetValue<string>().ShouldEndWith("+0000");

        var sent = (await SentAsync()).ShouldHaveSingleItem();
        sent["provider"]!.GetValue<string>().ShouldBe("twilio");
        sent["id"]!.GetValue<string>().ShouldBe(sid);
        sent["to"]!.GetValue<string>().ShouldBe("+15557654321");
        sent["body"]!.GetValue<string>().ShouldBe("Hello there");
    }

    [Fact]
    public async Task Twilio_send_is_refused_without_basic_auth_for_the_account_in_the_path()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2010-04-01/Accounts/{AccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["To"] = "+1555", ["From"] = "+1556", ["Body"] = "x" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"ACsomeoneelse:{AuthToken}")));

        var response = await Sim.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();
        error!["code"]!.GetValue<int>().ShouldBe(20003);
        error["status"]!.GetValue<int>().ShouldBe(401);
        (await SentAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Twilio_send_without_a_recipient_is_a_twilio_400_and_not_recorded()
    {
        var response = await SendSmsAsync(new() { ["From"] = "+15550100000", ["Body"] = "Hello" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();
        error!["code"]!.GetValue<int>().ShouldBe(21604);
        error["message"]!.GetValue<string>().ShouldContain("'To'");
        (await SentAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Twilio_status_callbacks_arrive_in_order_signed_for_the_callback_url()
    {
        var callbackUrl = _parley.BaseUrl + "/webhooks/twilio/42/status?attempt=1";
        var response = await SendSmsAsync(new()
        {
            ["To"] = "+15557654321", ["From"] = "+15550100000", ["Body"] = "Your order shipped", ["StatusCallback"] = callbackUrl,
        });
        var sid = (await response.Content.ReadFromJsonAsync<JsonObject>())!["sid"]!.GetValue<string>();

        var callbacks = await _parley.NextAsync(2);

        callbacks.Select(c => c.Field("MessageStatus")).ShouldBe(["sent", "delivered"]);
        foreach (var callback in callbacks)
        {
            callback.Url.ShouldBe(callbackUrl);
            callback.Field("MessageSid").ShouldBe(sid);
            callback.Field("AccountSid").ShouldBe(AccountSid);
            callback.Field("To").ShouldBe("+15557654321");
            callback.Field("From").ShouldBe("+15550100000");
            TwilioSignature.IsValid(callbackUrl, callback.Form(), AuthToken, callback.Header(TwilioSignature.Header)).ShouldBeTrue();
        }
        await _parley.ShouldReceiveNothingMoreAsync();
    }

    [Fact]
    public async Task Twilio_send_planned_to_fail_with_5xx_is_refused_once_then_accepted()
    {
        (await Sim.PostAsJsonAsync("/_sim/fail", new { provider = "twilio", count = 1, status = 503 })).StatusCode
            .ShouldBe(HttpStatusCode.NoContent);
        var sms = new Dictionary<string, string> { ["To"] = "+15557654321", ["From"] = "+15550100000", ["Body"] = "Retry me" };

        var first = await SendSmsAsync(sms);
        var second = await SendSmsAsync(sms);

        first.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await first.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<int>().ShouldBe(503);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await SentAsync()).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Twilio_send_planned_to_fail_after_accept_reports_undelivered_with_the_error_code()
    {
        await Sim.PostAsJsonAsync("/_sim/fail", new { provider = "twilio", count = 1, code = 30003, message = "Unreachable", afterAccept = true });
        var callbackUrl = _parley.BaseUrl + "/status";

        var response = await SendSmsAsync(new()
        {
            ["To"] = "+15557654321", ["From"] = "+15550100000", ["Body"] = "Hello", ["StatusCallback"] = callbackUrl,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var callbacks = await _parley.NextAsync(2);
        callbacks.Select(c => c.Field("MessageStatus")).ShouldBe(["sent", "undelivered"]);
        callbacks[1].Field("ErrorCode").ShouldBe("30003");
    }

    [Fact]
    public async Task Twilio_inbound_control_posts_twilios_signed_form_to_the_webhook_and_returns_its_status()
    {
        var webhookUrl = _parley.BaseUrl + "/webhooks/twilio/42";
        _parley.AnswerWith = HttpStatusCode.Accepted;

        var response = await Sim.PostAsJsonAsync("/_sim/twilio/inbound", new
        {
            webhookUrl, authToken = AuthToken, accountSid = AccountSid, from = "+15557654321", to = "+15550100000",
            body = "Where is my order? 50% off & more", mediaUrls = new[] { "http://127.0.0.1:9/media/1" },
            mediaContentTypes = new[] { "image/png" },
        });

        var delivery = await response.Content.ReadFromJsonAsync<JsonObject>();
        delivery!["statusCode"]!.GetValue<int>().ShouldBe(202);
        var inbound = await _parley.NextAsync();
        inbound.Url.ShouldBe(webhookUrl);
        inbound.ContentType.ShouldStartWith("application/x-www-form-urlencoded");
        // A message with media is an MMS, whose sids Twilio starts with MM.
        inbound.Field("MessageSid").ShouldMatch("^MM[0-9a-f]{32}$");
        inbound.Field("MessageSid").ShouldBe(delivery["messageId"]!.GetValue<string>());
        inbound.Field("From").ShouldBe("+15557654321");
        inbound.Field("To").ShouldBe("+15550100000");
        inbound.Field("Body").ShouldBe("Where is my order? 50% off & more");
        inbound.Field("NumMedia").ShouldBe("1");
        inbound.Field("MediaUrl0").ShouldBe("http://127.0.0.1:9/media/1");
        inbound.Field("MediaContentType0").ShouldBe("image/png");
        TwilioSignature.IsValid(webhookUrl, inbound.Form(), AuthToken, inbound.Header(TwilioSignature.Header)).ShouldBeTrue();
    }

    [Fact]
    public async Task WhatsApp_send_is_answered_in_metas_shape_and_recorded()
    {
        var response = await SendWhatsAppAsync(new
        {
            messaging_product = "whatsapp", to = "+1 555 765 4321", type = "template",
            template = new { name = "order_update", language = new { code = "en_US" } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        answer!["messaging_product"]!.GetValue<string>().ShouldBe("whatsapp");
        answer["contacts"]![0]!["input"]!.GetValue<string>().ShouldBe("+1 555 765 4321");
        answer["contacts"]![0]!["wa_id"]!.GetValue<string>().ShouldBe("15557654321");
        var id = answer["messages"]![0]!["id"]!.GetValue<string>();
        id.ShouldStartWith("wamid.");

        var sent = (await SentAsync()).ShouldHaveSingleItem();
        sent["provider"]!.GetValue<string>().ShouldBe("whatsapp");
        sent["id"]!.GetValue<string>().ShouldBe(id);
        sent["template"]!["name"]!.GetValue<string>().ShouldBe("order_update");
    }

    [Fact]
    public async Task WhatsApp_send_without_a_text_body_is_a_meta_400_and_not_recorded()
    {
        var response = await SendWhatsAppAsync(new { messaging_product = "whatsapp", to = "15557654321", type = "text", text = new { } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();
        error!["error"]!["code"]!.GetValue<int>().ShouldBe(100);
        error["error"]!["type"]!.GetValue<string>().ShouldBe("OAuthException");
        (await SentAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task WhatsApp_statuses_go_to_the_registered_webhook_in_order_signed_with_the_app_secret()
    {
        await RegisterWhatsAppAsync();

        var response = await SendWhatsAppAsync(new { messaging_product = "whatsapp", to = "15557654321", type = "text", text = new { body = "Hi" } });
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["messages"]![0]!["id"]!.GetValue<string>();

        var webhooks = await _parley.NextAsync(3);

        var statuses = webhooks.Select(w => JsonNode.Parse(w.Body)!["entry"]![0]!["changes"]![0]!["value"]!["statuses"]![0]!).ToList();
        statuses.Select(s => s["status"]!.GetValue<string>()).ShouldBe(["sent", "delivered", "read"]);
        statuses.ShouldAllBe(s => s["id"]!.GetValue<string>() == id && s["recipient_id"]!.GetValue<string>() == "15557654321");
        foreach (var webhook in webhooks)
            MetaSignature.IsValid(webhook.Body, AppSecret, webhook.Header(MetaSignature.Header)).ShouldBeTrue();
    }

    [Fact]
    public async Task WhatsApp_inbound_control_posts_metas_signed_payload_to_the_registered_webhook()
    {
        await RegisterWhatsAppAsync();

        var response = await Sim.PostAsJsonAsync("/_sim/whatsapp/inbound", new
        {
            phoneNumberId = PhoneNumberId, from = "+15557654321", name = "Ada Lovelace", text = "Is the shop open?",
        });

        (await response.Content.ReadFromJsonAsync<JsonObject>())!["statusCode"]!.GetValue<int>().ShouldBe(200);
        var inbound = await _parley.NextAsync();
        MetaSignature.IsValid(inbound.Body, AppSecret, inbound.Header(MetaSignature.Header)).ShouldBeTrue();
        var payload = JsonNode.Parse(inbound.Body)!;
        payload["object"]!.GetValue<string>().ShouldBe("whatsapp_business_account");
        var change = payload["entry"]![0]!["changes"]![0]!;
        change["field"]!.GetValue<string>().ShouldBe("messages");
        var value = change["value"]!;
        value["metadata"]!["phone_number_id"]!.GetValue<string>().ShouldBe(PhoneNumberId);
        value["contacts"]![0]!["profile"]!["name"]!.GetValue<string>().ShouldBe("Ada Lovelace");
        value["contacts"]![0]!["wa_id"]!.GetValue<string>().ShouldBe("15557654321");
        var message = value["messages"]![0]!;
        message["from"]!.GetValue<string>().ShouldBe("15557654321");
        message["id"]!.GetValue<string>().ShouldStartWith("wamid.");
        message["type"]!.GetValue<string>().ShouldBe("text");
        message["text"]!["body"]!.GetValue<string>().ShouldBe("Is the shop open?");
        long.Parse(message["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Extra_status_reports_can_be_sent_out_of_order_and_are_signed()
    {
        await RegisterWhatsAppAsync();
        var callbackUrl = _parley.BaseUrl + "/webhooks/twilio/42/status";
        var sms = await SendSmsAsync(new()
        {
            ["To"] = "+15557654321", ["From"] = "+15550100000", ["Body"] = "Hello", ["StatusCallback"] = callbackUrl,
        });
        var sid = (await sms.Content.ReadFromJsonAsync<JsonObject>())!["sid"]!.GetValue<string>();
        var whatsApp = await SendWhatsAppAsync(new { messaging_product = "whatsapp", to = "15557654321", type = "text", text = new { body = "Hi" } });
        var wamid = (await whatsApp.Content.ReadFromJsonAsync<JsonObject>())!["messages"]![0]!["id"]!.GetValue<string>();
        await _parley.NextAsync(2 + 3);

        var lateSent = await Sim.PostAsJsonAsync("/_sim/twilio/status", new { messageId = sid, status = "sent" });
        var failed = await Sim.PostAsJsonAsync("/_sim/whatsapp/status", new { messageId = wamid, status = "failed", errorCode = 131026 });

        (await lateSent.Content.ReadFromJsonAsync<JsonObject>())!["statusCode"]!.GetValue<int>().ShouldBe(200);
        (await failed.Content.ReadFromJsonAsync<JsonObject>())!["statusCode"]!.GetValue<int>().ShouldBe(200);
        var (sent, whatsAppFailed) = (await _parley.NextAsync(), await _parley.NextAsync());
        sent.Field("MessageStatus").ShouldBe("sent");
        TwilioSignature.IsValid(callbackUrl, sent.Form(), AuthToken, sent.Header(TwilioSignature.Header)).ShouldBeTrue();
        var status = JsonNode.Parse(whatsAppFailed.Body)!["entry"]![0]!["changes"]![0]!["value"]!["statuses"]![0]!;
        status["status"]!.GetValue<string>().ShouldBe("failed");
        status["errors"]![0]!["code"]!.GetValue<int>().ShouldBe(131026);
        MetaSignature.IsValid(whatsAppFailed.Body, AppSecret, whatsAppFailed.Header(MetaSignature.Header)).ShouldBeTrue();
    }

    [Fact]
    public async Task Reset_forgets_sent_messages_and_planned_failures()
    {
        await Sim.PostAsJsonAsync("/_sim/fail", new { provider = "twilio", count = 5, status = 500 });
        await SendSmsAsync(new() { ["To"] = "+15557654321", ["From"] = "+15550100000", ["Body"] = "one" });

        await Sim.PostAsync("/_sim/reset", null);

        (await SentAsync()).ShouldBeEmpty();
        (await SendSmsAsync(new() { ["To"] = "+15557654321", ["From"] = "+15550100000", ["Body"] = "two" })).StatusCode
            .ShouldBe(HttpStatusCode.Created);
    }

    private Task<HttpResponseMessage> SendSmsAsync(Dictionary<string, string> form) => SendSmsAsync([.. form]);

    // A list rather than a dictionary so a field can repeat, as MediaUrl does.
    private async Task<HttpResponseMessage> SendSmsAsync(IEnumerable<KeyValuePair<string, string>> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2010-04-01/Accounts/{AccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}")));
        return await Sim.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendWhatsAppAsync(object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v21.0/{PhoneNumberId}/messages")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "meta-access-token");
        return await Sim.SendAsync(request);
    }

    private async Task RegisterWhatsAppAsync(string? accessToken = null)
    {
        var response = await Sim.PostAsJsonAsync("/_sim/whatsapp/register", new
        {
            phoneNumberId = PhoneNumberId, webhookUrl = _parley.BaseUrl + "/webhooks/whatsapp/7", appSecret = AppSecret, accessToken,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private async Task<List<JsonObject>> SentAsync() =>
        (await Sim.GetFromJsonAsync<List<JsonObject>>("/_sim/messages", JsonSerializerOptions.Web))!;
}
