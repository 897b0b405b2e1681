using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Activity;

public sealed class ActivityTests
{
    private sealed record Item(Guid Id, Guid? UserId, string? UserName, string Action, Guid? SubjectId, string? Ip, DateTime At);

    private sealed record ItemPage(List<Item> Items, string? NextCursor);

    private static async Task<List<Item>> ListAllAsync(HttpClient client, string query = "", int limit = 2)
    {
        var all = new List<Item>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/audit/activity?limit={limit}{query}" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = (await client.GetFromJsonAsync<ItemPage>(url))!;
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return all;
    }

    [ProviderFact]
    public async Task Admin_actions_are_recorded_with_who_what_subject_and_ip_and_no_personal_data(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        admin.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        var team = await (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = "Support" })).Content.ReadFromJsonAsync<JsonElement>();
        var teamId = team.GetProperty("id").GetGuid();
        (await admin.Client.PatchAsJsonAsync($"/api/v1/teams/{teamId}", new { name = "Help" })).EnsureSuccessStatusCode();
        (await admin.Client.PutAsync($"/api/v1/teams/{teamId}/members/{agent.UserId}", null)).EnsureSuccessStatusCode();
        var channel = await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "Api", name = "Bot" })).Content.ReadFromJsonAsync<JsonElement>();
        var channelId = channel.GetProperty("id").GetGuid();
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Script" })).Content.ReadFromJsonAsync<JsonElement>();
        var tokenId = token.GetProperty("id").GetGuid();
        (await admin.Client.DeleteAsync($"/api/v1/tokens/{tokenId}")).EnsureSuccessStatusCode();
        (await admin.Client.DeleteAsync($"/api/v1/users/{agent.UserId}")).EnsureSuccessStatusCode();

        var records = await ListAllAsync(admin.Client);
        var byAdmin = records.Where(r => r.UserId == admin.UserId).ToList();
        byAdmin.Select(r => (r.Action, r.SubjectId)).ShouldBe(
        [
            ("UserDeleted", agent.UserId), ("TokenRevoked", tokenId), ("TokenCreated", tokenId), ("ChannelCreated", channelId),
            ("TeamMembershipChanged", teamId), ("TeamRenamed", teamId), ("TeamCreated", teamId), ("UserCreated", agent.UserId), ("SignedIn", admin.UserId),
        ]);
        byAdmin.Where(r => r.Action != "SignedIn").ShouldAllBe(r => r.Ip == "203.0.113.7" && r.UserName == "Ada Admin");
        records.ShouldContain(r => r.Action == "SignedIn" && r.UserId == agent.UserId && r.SubjectId == agent.UserId);

        var stored = await app.QueryAsync(d => d.ActivityRecords.IgnoreQueryFilters().ToListAsync());
        stored.Count.ShouldBe(records.Count);
        var text = string.Join('\n', stored.Select(r => $"{r.UserId} {r.Action} {r.SubjectId} {r.Ip}"));
        foreach (var personal in new[] { "Agnes", "agnes@acme.test", "ada@acme.test", "Support", "Help", "Script", "Bot" })
            text.ShouldNotContain(personal);
    }

    [ProviderFact]
    public async Task Paging_visits_every_record_once_newest_first_and_filters_narrow_it(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var start = app.Clock.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = $"Team {i}" })).EnsureSuccessStatusCode();
        }
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");

        var all = await ListAllAsync(admin.Client);
        all.Count.ShouldBe(8);
        all.Select(r => r.Id).Distinct().Count().ShouldBe(8);
        all.ShouldBe(all.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).ToList());

        (await ListAllAsync(admin.Client, $"&userId={agent.UserId}")).Single().Action.ShouldBe("SignedIn");
        var from = Uri.EscapeDataString(start.AddMinutes(2).ToString("O"));
        var to = Uri.EscapeDataString(start.AddMinutes(4).ToString("O"));
        (await ListAllAsync(admin.Client, $"&from={from}&to={to}")).Count.ShouldBe(2);

        var bad = await admin.Client.GetAsync($"/api/v1/audit/activity?from={to}&to={from}");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("\"to\"");
        (await admin.Client.GetAsync("/api/v1/audit/activity?cursor=nope")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.Client.GetAsync("/api/v1/audit/activity?from=yesterday")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [ProviderFact]
    public async Task Deleting_by_ids_and_by_range_removes_exactly_those_records(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var start = app.Clock.GetUtcNow();
        for (var i = 0; i < 6; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = $"Team {i}" })).EnsureSuccessStatusCode();
        }
        var before = await ListAllAsync(admin.Client, limit: 50);
        var chosen = before.Take(2).Select(r => r.Id).ToList();

        var byIds = await admin.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/audit/activity") { Content = JsonContent.Create(new { ids = chosen }) });
        byIds.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await byIds.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32().ShouldBe(2);
        var afterIds = await ListAllAsync(admin.Client, limit: 50);
        afterIds.Select(r => r.Id).ShouldBe(before.Skip(2).Select(r => r.Id));

        var range = new { from = start.AddMinutes(1), to = start.AddMinutes(3) };
        var byRange = await admin.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/audit/activity") { Content = JsonContent.Create(range) });
        (await byRange.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32().ShouldBe(2);
        var afterRange = await ListAllAsync(admin.Client, limit: 50);
        afterRange.Select(r => r.Id).ShouldBe(afterIds.Where(r => r.At < range.from.UtcDateTime || r.At >= range.to.UtcDateTime).Select(r => r.Id));
        afterRange.Count.ShouldBe(3);

        foreach (var body in new object[] { new { }, new { ids = chosen, from = start, to = start.AddDays(1) }, new { from = start } })
        {
            var refused = await admin.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/audit/activity") { Content = JsonContent.Create(body) });
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        (await ListAllAsync(admin.Client, limit: 50)).Count.ShouldBe(3);
    }

    [ProviderFact]
    public async Task Agents_are_refused_and_another_organisations_records_are_invisible_and_untouched(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" });
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");
        (await agent.Client.GetAsync("/api/v1/audit/activity")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var agentDelete = await agent.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/audit/activity")
        { Content = JsonContent.Create(new { from = DateTimeOffset.MinValue, to = DateTimeOffset.MaxValue }) });
        agentDelete.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var other = await app.SignUpAsync("Globex", "olga@globex.test");
        var ours = await ListAllAsync(admin.Client, limit: 50);
        var theirs = await ListAllAsync(other.Client, limit: 50);
        theirs.ShouldAllBe(r => r.UserId == other.UserId);
        ours.ShouldNotContain(r => r.UserId == other.UserId);

        var stranger = await other.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/audit/activity")
        { Content = JsonContent.Create(new { ids = ours.Select(r => r.Id).ToList() }) });
        (await stranger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32().ShouldBe(0);
        (await ListAllAsync(admin.Client, limit: 50)).Count.ShouldBe(ours.Count);
    }
}
