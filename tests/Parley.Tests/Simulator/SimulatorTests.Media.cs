using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Parley.ProviderSimulator.Twilio;
using Parley.ProviderSimulator.WhatsApp;

namespace Parley.Tests.Simulator;

// Attachments both ways: a customer's file served back as the provider serves it, and a business's media
// URLs fetched by the simulator before it reports on the message.
public sealed partial class SimulatorTests
{
    private const string AccessToken = "meta-access-token";

    // The PNG signature and a few bytes: enough to tell the file apart, too short to be any real image.
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01, 0x02, 0xFE];
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7 order 1042 invoice");

    [Fact]
    public async Task Twilio_inbound_media_is_signed_into_the_webhook_as_absolute_media_urls_on_the_simulator()
    {
        var webhookUrl = _parley.BaseUrl + "/webhooks/twilio/42";

        var response = await Sim.PostAsJsonAsync("/_sim/twilio/inbound", new
        {
            webhookUrl, authToken = AuthToken, accountSid = AccountSid, from = "+15557654321", to = "+15550100000",
            body = "Here is the damage", mediaUrls = new[] { "https://example.test/kept-as-given.jpg" },
            media = new[] { new { contentType = "image/png", base64 = Convert.ToBase64String(Png) } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var delivery = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var inbound = await _parley.NextAsync();
        var sid = inbound.Field("MessageSid");
        sid.ShouldMatch("^MM[0-9a-f]{32}$");
        delivery["messageId"]!.GetValue<string>().ShouldBe(sid);
        inbound.Field("NumMedia").ShouldBe("2");
        inbound.Field("MediaUrl0").ShouldBe("https://example.test/kept-as-given.jpg");
        inbound.Field("MediaContentType0").ShouldBe("image/jpeg");
        var mediaUrl = inbound.Field("MediaUrl1");
        mediaUrl.ShouldMatch($"^{Regex(Sim.BaseAddress!.ToString().TrimEnd('/'))}/2010-04-01/Accounts/{AccountSid}/Messages/{sid}/Media/ME[0-9a-f]{{32}}$");
        inbound.Field("MediaContentType1").ShouldBe("image/png");
        delivery["mediaUrls"]!.AsArray().Select(u => u!.GetValue<string>()).ShouldBe(["https://example.test/kept-as-given.jpg", mediaUrl]);
        TwilioSignature.IsValid(webhookUrl, inbound.Form(), AuthToken, inbound.Header(TwilioSignature.Header)).ShouldBeTrue();
    }

    [Fact]
    public async Task Twilio_media_url_serves_the_file_with_its_content_type_to_the_accounts_basic_credentials()
    {
        var mediaUrl = await TwilioInboundMediaAsync(Png, "image/png");

        using var download = await GetAsync(mediaUrl, Basic(AccountSid, AuthToken));
        using var metadata = await GetAsync(mediaUrl + ".json", Basic(AccountSid, AuthToken));

        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        var resource = (await metadata.Content.ReadFromJsonAsync<JsonObject>())!;
        resource["sid"]!.GetValue<string>().ShouldBe(mediaUrl[^34..]);
        resource["account_sid"]!.GetValue<string>().ShouldBe(AccountSid);
        resource["content_type"]!.GetValue<string>().ShouldBe("image/png");
        resource["parent_sid"]!.GetValue<string>().ShouldStartWith("MM");
        resource["uri"]!.GetValue<string>().ShouldBe(new Uri(mediaUrl).AbsolutePath + ".json");
    }

    [Fact]
    public async Task Twilio_media_url_refuses_a_request_without_the_accounts_credentials_and_does_not_know_other_sids()
    {
        var mediaUrl = await TwilioInboundMediaAsync(Png, "image/png");

        using var anonymous = await GetAsync(mediaUrl, null);
        using var wrongToken = await GetAsync(mediaUrl, Basic(AccountSid, "not-the-token"));
        using var unknown = await GetAsync(mediaUrl[..^32] + new string('0', 32), Basic(AccountSid, AuthToken));

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ShouldHaveSingleItem().Scheme.ShouldBe("Basic");
        (await anonymous.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<int>().ShouldBe(20003);
        wrongToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<int>().ShouldBe(20404);
    }

    [Fact]
    public async Task WhatsApp_inbound_media_is_sent_as_metas_media_message_with_the_files_hash_and_a_signed_body()
    {
        await RegisterWhatsAppAsync(AccessToken);

        var response = await Sim.PostAsJsonAsync("/_sim/whatsapp/inbound", new
        {
            phoneNumberId = PhoneNumberId, from = "+15557654321",
            media = new { type = "document", contentType = "application/pdf", base64 = Convert.ToBase64String(Pdf), caption = "My invoice", filename = "invoice-1042.pdf" },
        });

        var delivery = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        delivery["statusCode"]!.GetValue<int>().ShouldBe(200);
        var inbound = await _parley.NextAsync();
        MetaSignature.IsValid(inbound.Body, AppSecret, inbound.Header(MetaSignature.Header)).ShouldBeTrue();
        var message = JsonNode.Parse(inbound.Body)!["entry"]![0]!["changes"]![0]!["value"]!["messages"]![0]!;
        message["type"]!.GetValue<string>().ShouldBe("document");
        message["id"]!.GetValue<string>().ShouldBe(delivery["messageId"]!.GetValue<string>());
        var document = message["document"]!.AsObject();
        document.Select(p => p.Key).ShouldBe(["caption", "filename", "mime_type", "sha256", "id"], ignoreOrder: true);
        document["caption"]!.GetValue<string>().ShouldBe("My invoice");
        document["filename"]!.GetValue<string>().ShouldBe("invoice-1042.pdf");
        document["mime_type"]!.GetValue<string>().ShouldBe("application/pdf");
        document["sha256"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Pdf)));
        document["id"]!.GetValue<string>().ShouldMatch("^[1-9][0-9]{15}$");
        document["id"]!.GetValue<string>().ShouldBe(delivery["mediaId"]!.GetValue<string>());
    }

    [Fact]
    public async Task WhatsApp_media_id_retrieves_a_download_url_that_serves_the_file_to_the_same_bearer_token()
    {
        await RegisterWhatsAppAsync(AccessToken);
        var mediaId = await WhatsAppInboundMediaAsync("image", "image/png", Png);

        using var retrieved = await GetAsync($"/v21.0/{mediaId}", Bearer(AccessToken));

        retrieved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = (await retrieved.Content.ReadFromJsonAsync<JsonObject>())!;
        answer["messaging_product"]!.GetValue<string>().ShouldBe("whatsapp");
        answer["id"]!.GetValue<string>().ShouldBe(mediaId);
        answer["mime_type"]!.GetValue<string>().ShouldBe("image/png");
        answer["sha256"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Png)));
        answer["file_size"]!.GetValue<string>().ShouldBe(Png.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var url = answer["url"]!.GetValue<string>();
        url.ShouldStartWith(Sim.BaseAddress!.ToString().TrimEnd('/') + "/_sim/whatsapp/media/" + mediaId + "?");
        using var download = await GetAsync(url, Bearer(AccessToken));
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
    }

    [Fact]
    public async Task WhatsApp_media_refuses_another_token_and_answers_the_graph_error_for_an_unknown_id()
    {
        await RegisterWhatsAppAsync(AccessToken);
        var mediaId = await WhatsAppInboundMediaAsync("audio", "audio/ogg", Png);
        using var retrieved = await GetAsync($"/v21.0/{mediaId}", Bearer(AccessToken));
        var url = (await retrieved.Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();

        using var wrongToken = await GetAsync($"/v21.0/{mediaId}", Bearer("someone-elses-token"));
        using var unknown = await GetAsync("/v21.0/1234567890123456", Bearer(AccessToken));
        using var downloadAnonymous = await GetAsync(url, null);
        using var downloadWrongToken = await GetAsync(url, Bearer("someone-elses-token"));
        using var downloadWithoutQuery = await GetAsync(url[..url.IndexOf('?', StringComparison.Ordinal)], Bearer(AccessToken));

        wrongToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var oauth = (await wrongToken.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
        oauth["type"]!.GetValue<string>().ShouldBe("OAuthException");
        oauth["code"]!.GetValue<int>().ShouldBe(190);
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var graph = (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
        graph["type"]!.GetValue<string>().ShouldBe("GraphMethodException");
        graph["code"]!.GetValue<int>().ShouldBe(100);
        graph["error_subcode"]!.GetValue<int>().ShouldBe(33);
        downloadAnonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        downloadWrongToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        downloadWithoutQuery.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WhatsApp_inbound_media_with_a_caption_meta_never_sends_is_refused()
    {
        await RegisterWhatsAppAsync(AccessToken);

        var response = await Sim.PostAsJsonAsync("/_sim/whatsapp/inbound", new
        {
            phoneNumberId = PhoneNumberId, from = "+15557654321",
            media = new { type = "sticker", contentType = "image/webp", base64 = Convert.ToBase64String(Png), caption = "hi" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await _parley.ShouldReceiveNothingMoreAsync();
    }

    [Fact]
    public async Task Twilio_send_with_media_urls_fetches_each_one_and_records_what_came_back_before_reporting()
    {
        var first = _parley.Serve("/files/receipt.png", "image/png", Png);
        var second = _parley.Serve("/files/invoice.pdf", "application/pdf", Pdf);
        var callbackUrl = _parley.BaseUrl + "/status";

        var response = await SendSmsAsync(
        [
            new("To", "+15557654321"), new("From", "+15550100000"), new("MediaUrl", first), new("MediaUrl", second),
            new("StatusCallback", callbackUrl),
        ]);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["num_media"]!.GetValue<string>().ShouldBe("2");
        (await _parley.NextAsync(2)).Select(c => c.Field("MessageStatus")).ShouldBe(["sent", "delivered"]);
        _parley.Downloads.ShouldBe([("/files/receipt.png", "TwilioProxy/1.1"), ("/files/invoice.pdf", "TwilioProxy/1.1")]);
        var media = (await SentAsync()).ShouldHaveSingleItem()["media"]!.AsArray();
        media.Count.ShouldBe(2);
        ShouldBeFetched(media[0]!, first, 200, "image/png", Png);
        ShouldBeFetched(media[1]!, second, 200, "application/pdf", Pdf);
    }

    [Fact]
    public async Task Twilio_send_whose_media_cannot_be_fetched_is_reported_failed_with_11200_and_never_sent()
    {
        var callbackUrl = _parley.BaseUrl + "/status";
        var missing = _parley.BaseUrl + "/files/gone.png";

        await SendSmsAsync(
        [
            new("To", "+15557654321"), new("From", "+15550100000"), new("Body", "See attached"), new("MediaUrl", missing),
            new("StatusCallback", callbackUrl),
        ]);

        var failed = await _parley.NextAsync();
        failed.Field("MessageStatus").ShouldBe("failed");
        failed.Field("ErrorCode").ShouldBe("11200");
        TwilioSignature.IsValid(callbackUrl, failed.Form(), AuthToken, failed.Header(TwilioSignature.Header)).ShouldBeTrue();
        await _parley.ShouldReceiveNothingMoreAsync();
        var media = (await SentAsync()).ShouldHaveSingleItem()["media"]![0]!;
        media["url"]!.GetValue<string>().ShouldBe(missing);
        media["statusCode"]!.GetValue<int>().ShouldBe(404);
    }

    [Fact]
    public async Task WhatsApp_send_with_a_media_link_fetches_it_and_records_it_before_reporting()
    {
        await RegisterWhatsAppAsync(AccessToken);
        var link = _parley.Serve("/files/catalogue.pdf", "application/pdf", Pdf);

        var response = await SendWhatsAppAsync(new
        {
            messaging_product = "whatsapp", to = "15557654321", type = "document",
            document = new { link, caption = "Our catalogue", filename = "catalogue.pdf" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var statuses = (await _parley.NextAsync(3)).Select(w => JsonNode.Parse(w.Body)!["entry"]![0]!["changes"]![0]!["value"]!["statuses"]![0]!["status"]!.GetValue<string>());
        statuses.ShouldBe(["sent", "delivered", "read"]);
        _parley.Downloads.ShouldHaveSingleItem().Path.ShouldBe("/files/catalogue.pdf");
        var sent = (await SentAsync()).ShouldHaveSingleItem();
        sent["body"]!.GetValue<string>().ShouldBe("Our catalogue");
        ShouldBeFetched(sent["media"]!.AsArray().ShouldHaveSingleItem()!, link, 200, "application/pdf", Pdf);
    }

    [Fact]
    public async Task WhatsApp_send_whose_link_cannot_be_fetched_is_reported_failed_with_131053()
    {
        await RegisterWhatsAppAsync(AccessToken);
        // Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
        const string unreachable = "http://127.0.0.1:9/photo.jpg";

        await SendWhatsAppAsync(new { messaging_product = "whatsapp", to = "15557654321", type = "image", image = new { link = unreachable } });

        var webhook = await _parley.NextAsync();
        MetaSignature.IsValid(webhook.Body, AppSecret, webhook.Header(MetaSignature.Header)).ShouldBeTrue();
        var status = JsonNode.Parse(webhook.Body)!["entry"]![0]!["changes"]![0]!["value"]!["statuses"]![0]!;
        status["status"]!.GetValue<string>().ShouldBe("failed");
        status["errors"]![0]!["code"]!.GetValue<int>().ShouldBe(131053);
        status["errors"]![0]!["title"]!.GetValue<string>().ShouldBe("Media upload error");
        status["errors"]![0]!["error_data"]!["details"]!.GetValue<string>().ShouldContain(unreachable);
        await _parley.ShouldReceiveNothingMoreAsync();
        var media = (await SentAsync()).ShouldHaveSingleItem()["media"]![0]!;
        media["statusCode"]!.GetValue<int>().ShouldBe(0);
        media["error"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Reset_forgets_the_media_customers_sent()
    {
        var twilioUrl = await TwilioInboundMediaAsync(Png, "image/png");
        await RegisterWhatsAppAsync(AccessToken);
        var mediaId = await WhatsAppInboundMediaAsync("image", "image/png", Png);

        await Sim.PostAsync("/_sim/reset", null);

        using var twilio = await GetAsync(twilioUrl, Basic(AccountSid, AuthToken));
        twilio.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var whatsApp = await GetAsync($"/v21.0/{mediaId}", Bearer(AccessToken));
        whatsApp.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static void ShouldBeFetched(JsonNode media, string url, int statusCode, string contentType, byte[] bytes)
    {
        media["url"]!.GetValue<string>().ShouldBe(url);
        media["statusCode"]!.GetValue<int>().ShouldBe(statusCode);
        media["contentType"]!.GetValue<string>().ShouldBe(contentType);
        media["size"]!.GetValue<long>().ShouldBe(bytes.Length);
        media["sha256hex"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>Plays a customer sending one file by MMS; answers the webhook's MediaUrl0.</summary>
    private async Task<string> TwilioInboundMediaAsync(byte[] bytes, string contentType)
    {
        var response = await Sim.PostAsJsonAsync("/_sim/twilio/inbound", new
        {
            webhookUrl = _parley.BaseUrl + "/webhooks/twilio/42", authToken = AuthToken, accountSid = AccountSid,
            from = "+15557654321", to = "+15550100000",
            media = new[] { new { contentType, base64 = Convert.ToBase64String(bytes) } },
        });
        var inbound = await _parley.NextAsync();
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["statusCode"]!.GetValue<int>().ShouldBe(200);
        return inbound.Field("MediaUrl0");
    }

    /// <summary>Plays a customer sending one file on WhatsApp; answers the webhook's media id.</summary>
    private async Task<string> WhatsAppInboundMediaAsync(string type, string contentType, byte[] bytes)
    {
        await Sim.PostAsJsonAsync("/_sim/whatsapp/inbound", new
        {
            phoneNumberId = PhoneNumberId, from = "+15557654321",
            media = new { type, contentType, base64 = Convert.ToBase64String(bytes) },
        });
        var inbound = await _parley.NextAsync();
        return JsonNode.Parse(inbound.Body)!["entry"]![0]!["changes"]![0]!["value"]!["messages"]![0]![type]!["id"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> GetAsync(string url, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = authorization;
        return await Sim.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
