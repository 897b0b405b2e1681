using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Parley.Tests.Simulator;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.EndToEnd;

/// <summary>
/// A reply over a real provider channel: an SMS channel pointing at the provider simulator, which
/// speaks Twilio's wire format (signed webhooks and status callbacks) as the real one would.
/// </summary>
public sealed class DeliveryTicksTests
{
    private const string Password = "a long secret passphrase";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "twilio-auth-token-0123456789";
    private const string Business = "+447700900000";

    [Fact]
    public async Task A_reply_by_sms_shows_its_ticks_reach_delivered_and_then_read_as_the_provider_reports_them()
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var session = await BrowserSession.StartAsync();
        using var api = await session.SetUpAsync("ada@acme.test", Password);
        var channel = await (await api.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "sms", name = "Support SMS", phoneNumber = Business,
            settings = new { accountSid = AccountSid, authToken = AuthToken, baseUrl = simulator.Client.BaseAddress!.ToString() },
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var page = await session.SignedInPageAsync("ada@acme.test", Password, "/inbox/unassigned");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unassigned" })).ToBeVisibleAsync();

        // A customer texts the business: Twilio's signed webhook, posted by the simulator.
        var texted = await simulator.Client.PostAsJsonAsync("/_sim/twilio/inbound", new
        {
            webhookUrl = channel.GetProperty("webhooks").GetProperty("inbound").GetString(), authToken = AuthToken, accountSid = AccountSid,
            from = "+447700900456", to = Business, body = "Where is my parcel?",
        });
        (await texted.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusCode").GetInt32().ShouldBe(200);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^\+447700900456") }).ClickAsync();
        var conversation = page.GetByRole(AriaRole.Region, new() { Name = "Conversation with +447700900456" });
        await Expect(conversation.GetByText("Where is my parcel?")).ToBeVisibleAsync();

        await page.GetByLabel("Reply to the customer").FillAsync("It is out for delivery and arrives before 6 pm.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        // Parley's background pass sends it; the simulator answers as Twilio does, then reports sent and
        // delivered to the status callback. The page follows without a reload.
        await Expect(conversation.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Delivered") })).ToBeVisibleAsync();
        var sms = (await simulator.Client.GetFromJsonAsync<JsonElement>("/_sim/messages?provider=twilio")).EnumerateArray().Single();
        sms.GetProperty("body").GetString().ShouldBe("It is out for delivery and arrives before 6 pm.");
        // The customer reads it: Twilio's read status callback turns the ticks blue.
        var read = await simulator.Client.PostAsJsonAsync("/_sim/twilio/status", new { messageId = sms.GetProperty("id").GetString(), status = "read" });
        (await read.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusCode").GetInt32().ShouldBe(200);
        await Expect(conversation.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Read") })).ToBeVisibleAsync();
        await Expect(conversation.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Delivered") })).ToHaveCountAsync(0);
        await BrowserSession.CheckScreenAsync(page, "f-reply-read");
        session.CspViolations.ShouldBeEmpty();
    }
}
