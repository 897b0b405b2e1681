using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Parley.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Parley.Tests.EndToEnd;

/// <summary>
/// An agent working through the Unassigned inbox: archiving, finding a customer by phone, resolving
/// several at once. Each scenario has its own server and browser, with three customers who wrote in
/// over a website chat (an API channel).
/// </summary>
public sealed class TriageTests
{
    private const string Password = "a long secret passphrase";

    [Fact]
    public async Task Archiving_with_e_takes_the_conversation_out_of_the_inbox_and_it_is_found_under_Archived()
    {
        await using var session = await BrowserSession.StartAsync();
        var customers = await CustomersAsync(session);
        var page = await session.SignedInPageAsync("ada@acme.test", Password, "/inbox/unassigned");

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Carla Customer") }).ClickAsync();
        var conversation = page.GetByRole(AriaRole.Region, new() { Name = "Conversation with Carla Customer" });
        await Expect(conversation.GetByText("Hello, my order has not arrived.")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("e");

        // Out of the inbox at once, and the next conversation opens (UI.md).
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Carla Customer") })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^Conversation with (Dan|Erin) Customer$") })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Archived") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Archived" })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Carla Customer") }) });
        await Expect(row.GetByText("Archived", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^(Dan|Erin) Customer") })).ToHaveCountAsync(0);
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Conversation with Carla Customer" }).GetByRole(AriaRole.Button, new() { Name = "Unarchive" })).ToBeVisibleAsync();
        await BrowserSession.CheckScreenAsync(page, "g-archived");

        (await StatusAsync(customers.Api, customers.Carla)).ShouldBe("Archived");
        session.CspViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Searching_a_phone_number_written_another_way_finds_the_customer()
    {
        await using var session = await BrowserSession.StartAsync();
        await CustomersAsync(session);
        var page = await session.SignedInPageAsync("ada@acme.test", Password, "/inbox/unassigned");
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Erin Customer") })).ToBeVisibleAsync();

        // "/" goes to the search box; Carla wrote from +447700900123, typed here as people say it.
        await page.Keyboard.PressAsync("/");
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search by name or phone" });
        await Expect(search).ToBeFocusedAsync();
        await search.FillAsync("+44 7700 900 123");
        await search.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Carla Customer") })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^(Dan|Erin) Customer") })).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex("[?&]q=%2B44(\\+|%20)7700"));
        await BrowserSession.CheckScreenAsync(page, "h-search-by-phone");
        session.CspViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Two_conversations_selected_with_their_checkboxes_are_resolved_together()
    {
        await using var session = await BrowserSession.StartAsync();
        var customers = await CustomersAsync(session);
        var page = await session.SignedInPageAsync("ada@acme.test", Password, "/inbox/unassigned");

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select conversation with Carla Customer" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select conversation with Dan Customer" }).CheckAsync();
        var bulk = page.GetByRole(AriaRole.Toolbar, new() { Name = "Bulk actions" });
        await Expect(bulk.GetByText("2 selected")).ToBeVisibleAsync();
        await BrowserSession.CheckScreenAsync(page, "i1-bulk-selected");
        await bulk.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();

        foreach (var name in new[] { "Carla Customer", "Dan Customer" })
            await Expect(Row(page, name).GetByText("Resolved", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(Row(page, "Erin Customer").GetByText("New", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Checked = true })).ToHaveCountAsync(0);
        await BrowserSession.CheckScreenAsync(page, "i2-bulk-resolved");

        (await StatusAsync(customers.Api, customers.Carla)).ShouldBe("Resolved");
        (await StatusAsync(customers.Api, customers.Dan)).ShouldBe("Resolved");
        (await StatusAsync(customers.Api, customers.Erin)).ShouldBe("Open");
        session.CspViolations.ShouldBeEmpty();
    }

    private static ILocator Row(IPage page, string name) =>
        page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^{name}") }) });

    private sealed record Customers(HttpClient Api, Guid Carla, Guid Dan, Guid Erin);

    /// <summary>The admin set up behind the browser, and three customers who wrote in; Carla last-but-two, Erin last.</summary>
    private static async Task<Customers> CustomersAsync(BrowserSession session)
    {
        var api = await session.SetUpAsync("ada@acme.test", Password);
        var channel = await (await api.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Website chat" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.Channel>();
        async Task<Guid> WritesAsync(string name, string phone, string text)
        {
            var inbound = await (await api.PostAsJsonAsync($"/api/v1/channels/{channel!.Id}/inbound",
                    new { contact = new { name, phone }, text, externalMessageId = $"chat-{phone}" }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Inbound>();
            return inbound!.ConversationId;
        }
        return new Customers(api,
            await WritesAsync("Carla Customer", "+447700900123", "Hello, my order has not arrived."),
            await WritesAsync("Dan Customer", "+447700900456", "Can I change my delivery address?"),
            await WritesAsync("Erin Customer", "+15550102000", "Do you ship to Canada?"));
    }

    private static async Task<string> StatusAsync(HttpClient api, Guid conversationId) =>
        (await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/conversations/{conversationId}")).GetProperty("status").GetString()!;
}
