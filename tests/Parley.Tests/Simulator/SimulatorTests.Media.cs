using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Parley.ProviderSimulator.Twilio;
using Parley.ProviderSimulator.WhatsApp;

namespace Parley.Tests.Simulator;

// A business's media URLs, fetched by the simulator as the provider would before it reports on the message.
public sealed partial class SimulatorTests
{
    private const string AccessToken = "meta-access-token";

    // The PNG signature and a few bytes: enough to tell the file apart, too short to be any real image.
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01, 0x02, 0xFE];
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7 order 1042 invoice");

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

    private static void ShouldBeFetched(JsonNode media, string url, int statusCode, string contentType, byte[] bytes)
    {
        media["url"]!.GetValue<string>().ShouldBe(url);
        media["statusCode"]!.GetValue<int>().ShouldBe(statusCode);
        media["contentType"]!.GetValue<string>().ShouldBe(contentType);
        media["size"]!.GetValue<long>().ShouldBe(bytes.Length);
        media["sha256hex"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
