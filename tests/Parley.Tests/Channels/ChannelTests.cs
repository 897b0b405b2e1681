using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Channels;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Channels;

public sealed class ChannelTests
{
    [ProviderFact]
    public async Task An_admin_creates_lists_gets_and_reroutes_an_api_channel(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var support = await (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = "Support" })).Content.ReadFromJsonAsync<Json.Team>();

        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Website bot", teamId = support!.Id });

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var channel = (await created.Content.ReadFromJsonAsync<Json.Channel>())!;
        channel.Type.ShouldBe("Api");
        channel.TeamId.ShouldBe(support.Id);
        var row = await app.QueryAsync(d => d.Channels.IgnoreQueryFilters().SingleAsync());
        (row.OrganizationId, row.Name, row.Type, row.IsActive).ShouldBe((admin.OrganizationId, "Website bot", ChannelType.Api, true));

        var listed = (await admin.Client.GetFromJsonAsync<Json.Page<Json.Channel>>("/api/v1/channels"))!;
        listed.Items.Select(c => c.Name).ShouldBe(["Website bot"]);
        listed.NextCursor.ShouldBeNull();
        (await admin.Client.GetFromJsonAsync<Json.Channel>($"/api/v1/channels/{channel.Id}"))!.Name.ShouldBe("Website bot");

        var patched = await admin.Client.PatchAsJsonAsync($"/api/v1/channels/{channel.Id}", new { name = "Help bot", teamId = Guid.Empty, isActive = false });
        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        row = await app.QueryAsync(d => d.Channels.IgnoreQueryFilters().SingleAsync());
        (row.Name, row.TeamId, row.IsActive).ShouldBe(("Help bot", (Guid?)null, false));
    }

    [ProviderFact]
    public async Task Listing_channels_with_limit_two_walks_every_channel_once_in_name_order(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        foreach (var name in new[] { "Website bot", "App bot", "Shop bot", "Partner feed", "Kiosk" })
            (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name })).EnsureSuccessStatusCode();

        var pages = new List<List<Json.Channel>>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/channels?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = (await admin.Client.GetFromJsonAsync<Json.Page<Json.Channel>>(url))!;
            pages.Add(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        pages.Select(p => p.Count).ShouldBe([2, 2, 1]);
        pages.SelectMany(p => p).Select(c => c.Name).ShouldBe(["App bot", "Kiosk", "Partner feed", "Shop bot", "Website bot"]);
        await (await admin.Client.GetAsync("/api/v1/channels?limit=0")).ShouldBeValidationProblemAsync("limit");
        await (await admin.Client.GetAsync("/api/v1/channels?cursor=bm90LWEtY3Vyc29y")).ShouldBeValidationProblemAsync("cursor");
    }

    [ProviderFact]
    public async Task Invalid_channels_are_refused_naming_the_field_and_nothing_is_written(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Website bot" });
        var before = await app.SnapshotAsync();

        await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "sms", name = "Texts" }))
            .ShouldBeValidationProblemAsync("phoneNumber", "settings.accountSid", "settings.authToken", "settings.baseUrl");
        await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "whatsapp", name = "WA", phoneNumber = "+15550100001", settings = new { baseUrl = "ftp://x" } }))
            .ShouldBeValidationProblemAsync("settings.accessToken", "settings.appSecret", "settings.baseUrl", "settings.phoneNumberId", "settings.verifyToken");
        await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "fax", name = "Fax" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { name = "No type" })).ShouldBeValidationProblemAsync("type");
        await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "" })).ShouldBeValidationProblemAsync("name");
        await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Routed", teamId = Guid.NewGuid() })).ShouldBeValidationProblemAsync("teamId");
        (await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Website bot" })).ShouldBeProblemAsync(HttpStatusCode.Conflict))
            .Title.ShouldBe("A channel with this name already exists.");
        await (await admin.Client.PatchAsJsonAsync($"/api/v1/channels/{Guid.NewGuid()}", new { name = "X" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Agents_cannot_manage_channels_and_nothing_changes(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "bo@acme.test");
        var channel = await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Website bot" })).Content.ReadFromJsonAsync<Json.Channel>();
        var before = await app.SnapshotAsync();

        await (await agent.Client.GetAsync("/api/v1/channels")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.GetAsync($"/api/v1/channels/{channel!.Id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Mine" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.PatchAsJsonAsync($"/api/v1/channels/{channel.Id}", new { name = "Taken over" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await app.SnapshotAsync()).ShouldBe(before);
    }
}
