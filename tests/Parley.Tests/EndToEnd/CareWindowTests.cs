using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Parley.Tests.Simulator;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.EndToEnd;

/// <summary>
/// WhatsApp's 24-hour customer care window (SPEC §2) over a real provider channel: a WhatsApp channel
/// pointing at the provider simulator, which signs Meta's webhooks as the Cloud API does.
/// </summary>
public sealed class CareWindowTests
{
    private const string Password = "a long secret passphrase";
    private const string PhoneNumberId = "106540352242922";
    private const string AppSecret = "meta-app-secret-e2e";
    private const string AccessToken = "EAAG-e2e-access-token";

    [Fact]
    public async Task Once_the_whatsapp_care_window_has_closed_the_banner_says_so_and_the_composer_sends_an_approved_template()
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var session = await BrowserSession.StartAsync();
        using var api = await WhatsAppAsync(session, simulator);
        (await api.PostAsJsonAsync("/api/v1/templates", new
        {
            kind = "WhatsApp", name = "delivery_update", text = "Hi {{1}}, your order {{2}} is on its way.", language = "en_GB", parameters = 2,
        })).EnsureSuccessStatusCode();
        await CustomerWroteAsync(session, simulator, TimeSpan.FromHours(25), "Can you send me the tracking link?");

        var page = await session.SignedInPageAsync("ada@acme.test", Password, "/inbox/unassigned");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Maria Customer") }).ClickAsync();
        var conversation = page.GetByRole(AriaRole.Region, new() { Name = "Conversation with Maria Customer" });
        await Expect(conversation.GetByText("Can you send me the tracking link?")).ToBeVisibleAsync();
        await Expect(conversation.GetByText("Closed: only an approved template can be sent")).ToBeVisibleAsync();
        await BrowserSession.CheckScreenAsync(page, "j1-care-window-closed");

        // Free text cannot go out any more: the composer offers the approved templates instead.
        await Expect(conversation.GetByRole(AriaRole.Textbox, new() { Name = "Reply to the customer" })).ToHaveCountAsync(0);
        await conversation.GetByRole(AriaRole.Button, new() { Name = "Choose a template" }).ClickAsync();
        var picker = page.GetByRole(AriaRole.Dialog, new() { Name = "Templates" });
        await picker.GetByRole(AriaRole.Combobox, new() { Name = "Search templates by name" }).FillAsync("delivery");
        await picker.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("^delivery_update") }).ClickAsync();
        var template = conversation.GetByRole(AriaRole.Group, new() { Name = "Template delivery_update" });
        await template.GetByRole(AriaRole.Textbox, new() { Name = "Parameter {{1}}" }).FillAsync("Maria");
        await template.GetByRole(AriaRole.Textbox, new() { Name = "Parameter {{2}}" }).FillAsync("4471");
        await BrowserSession.CheckScreenAsync(page, "j2-care-window-template");
        await conversation.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Expect(conversation.GetByRole(AriaRole.List, new() { Name = "Messages" }).GetByText("Hi Maria, your order 4471 is on its way.")).ToBeVisibleAsync();
        await Expect(conversation.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        session.CspViolations.ShouldBeEmpty();
    }

    /// <summary>The admin set up behind the browser, with a WhatsApp number whose webhooks the simulator knows.</summary>
    private static async Task<HttpClient> WhatsAppAsync(BrowserSession session, RunningSimulator simulator)
    {
        var api = await session.SetUpAsync("ada@acme.test", Password);
        var channel = await (await api.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "whatsapp", name = "WhatsApp", phoneNumber = "+447700900001",
            settings = new { phoneNumberId = PhoneNumberId, accessToken = AccessToken, appSecret = AppSecret, verifyToken = "verify-e2e", baseUrl = simulator.Client.BaseAddress!.ToString(), apiVersion = "v21.0" },
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        // Meta learns where the webhooks go from the app's configuration; the simulator from this call.
        (await simulator.Client.PostAsJsonAsync("/_sim/whatsapp/register", new
        {
            phoneNumberId = PhoneNumberId, webhookUrl = channel.GetProperty("webhooks").GetProperty("callback").GetString(), appSecret = AppSecret,
            accessToken = AccessToken, displayPhoneNumber = "447700900001",
        })).EnsureSuccessStatusCode();
        return api;
    }

    /// <summary>
    /// Maria's WhatsApp message, <paramref name="ago"/> ago: Meta's webhook carries that time, and the
    /// server's clock is set back while it arrives, so the server received it then.
    /// </summary>
    private static async Task CustomerWroteAsync(BrowserSession session, RunningSimulator simulator, TimeSpan ago, string text)
    {
        var sent = await session.Clock.AgoAsync(ago, () => simulator.Client.PostAsJsonAsync("/_sim/whatsapp/inbound", new
        {
            phoneNumberId = PhoneNumberId, from = "447700900789", name = "Maria Customer",
            message = new { type = "text", text = new { body = text }, timestamp = session.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }));
        (await sent.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusCode").GetInt32().ShouldBe(200);
    }
}
