using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Parley.Maintenance;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Maintenance;

/// <summary>
/// The Maintenance settings an admin sees and changes: the organisation's policy, a channel's
/// overrides with the effective values and where each comes from, and the history of both.
/// </summary>
public sealed class PolicyTests
{
    private const string PolicyUrl = "/api/v1/maintenance/policy";
    private const string ChangesUrl = "/api/v1/maintenance/policy/changes";

    /// <summary>The issue's example: some rules set, some never, 0 meaning at once.</summary>
    private const string Example = """
        {
          "archiveAfterDays": { "open": 30, "pending": null, "automated": 7, "sent": 14 },
          "deleteAfterDays": { "archived": 90, "irrelevant": 0, "resolved": null },
          "deleteBufferDays": null,
          "deleteContactData": false
        }
        """;

    private const string Never = """
        {
          "archiveAfterDays": { "open": null, "pending": null, "automated": null, "sent": null },
          "deleteAfterDays": { "archived": null, "irrelevant": null, "resolved": null },
          "deleteBufferDays": null,
          "deleteContactData": false
        }
        """;

    private sealed record Change(Guid Id, Guid? ChannelId, Guid? ChangedByUserId, string? ChangedBy, DateTime ChangedAt, JsonNode? Before, JsonNode? After);

    // ---- Round trip ----

    [ProviderFact]
    public async Task A_policy_never_set_reads_as_never_for_every_rule_with_contact_data_kept(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        ShouldBeJson(await GetJsonAsync(admin, PolicyUrl), Never);
        (await app.CountAsync<MaintenancePolicy>()).ShouldBe(0);
    }

    [ProviderFact]
    public async Task A_policy_put_reads_back_exactly_as_it_was_sent(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        var response = await PutAsync(admin, PolicyUrl, Example);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldBeJson(await response.Content.ReadFromJsonAsync<JsonNode>(), Example);
        ShouldBeJson(await GetJsonAsync(admin, PolicyUrl), Example);
        var row = await app.QueryAsync(d => d.MaintenancePolicies.IgnoreQueryFilters().AsNoTracking().SingleAsync());
        row.OrganizationId.ShouldBe(admin.OrganizationId);
        row.UpdatedByUserId.ShouldBe(admin.UserId);
        row.UpdatedAt.ShouldBe(app.Now());
        ShouldBeJson(JsonNode.Parse(row.Settings), Example);
    }

    [ProviderFact]
    public async Task Rules_left_out_of_a_policy_put_come_back_as_never(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        (await PutAsync(admin, PolicyUrl, Example)).EnsureSuccessStatusCode();

        // PUT replaces the whole policy: what was 7, 14, 90 and 0 before is now never.
        (await PutAsync(admin, PolicyUrl, """{ "archiveAfterDays": { "open": 10 }, "deleteContactData": true }""")).EnsureSuccessStatusCode();

        ShouldBeJson(await GetJsonAsync(admin, PolicyUrl), """
            {
              "archiveAfterDays": { "open": 10, "pending": null, "automated": null, "sent": null },
              "deleteAfterDays": { "archived": null, "irrelevant": null, "resolved": null },
              "deleteBufferDays": null,
              "deleteContactData": true
            }
            """);

        (await PutAsync(admin, PolicyUrl, "{}")).EnsureSuccessStatusCode();

        ShouldBeJson(await GetJsonAsync(admin, PolicyUrl), Never);
    }

    // ---- Validation ----

    [ProviderFact]
    public async Task Settings_out_of_range_of_the_wrong_type_or_unknown_are_a_400_naming_the_field_and_change_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await CreateChannelAsync(admin, "Website bot");
        (await PutAsync(admin, PolicyUrl, Example)).EnsureSuccessStatusCode();
        (await PutAsync(admin, ChannelUrl(channel), """{ "archiveAfterDays": { "open": 3 } }""")).EnsureSuccessStatusCode();
        var before = await app.SnapshotAsync();

        (string Body, string[] Fields)[] refused =
        [
            ("""{ "archiveAfterDays": { "open": -1 } }""", ["archiveAfterDays.open"]),
            ("""{ "archiveAfterDays": { "pending": 36501 } }""", ["archiveAfterDays.pending"]),
            ("""{ "archiveAfterDays": { "automated": 99999999999 } }""", ["archiveAfterDays.automated"]),
            ("""{ "deleteAfterDays": { "archived": 1.5 } }""", ["deleteAfterDays.archived"]),
            ("""{ "archiveAfterDays": { "sent": "30" } }""", ["archiveAfterDays.sent"]),
            ("""{ "archiveAfterDays": { "closed": 30 } }""", ["archiveAfterDays.closed"]),
            ("""{ "deleteAfterDays": { "open": 30 } }""", ["deleteAfterDays.open"]),
            ("""{ "archiveAfterDays": 30 }""", ["archiveAfterDays"]),
            ("""{ "purgeAfterDays": 30 }""", ["purgeAfterDays"]),
            ("""{ "deleteBufferDays": -5 }""", ["deleteBufferDays"]),
            ("""{ "deleteBufferDays": "30" }""", ["deleteBufferDays"]),
            ("""{ "deleteContactData": "yes" }""", ["deleteContactData"]),
            ("""{ "deleteContactData": null }""", ["deleteContactData"]),
            ("""{ "archiveAfterDays": { "open": -1, "sent": 14 }, "deleteBufferDays": 36501 }""", ["archiveAfterDays.open", "deleteBufferDays"]),
            ("[30]", ["body"]),
        ];
        foreach (var (body, fields) in refused)
        {
            await (await PutAsync(admin, PolicyUrl, body)).ShouldBeValidationProblemAsync(fields);
            await (await PutAsync(admin, ChannelUrl(channel), body)).ShouldBeValidationProblemAsync(fields);
        }

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Zero_days_and_36500_days_are_accepted(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await CreateChannelAsync(admin, "Website bot");
        const string zero = """
            {
              "archiveAfterDays": { "open": 0, "pending": 0, "automated": 0, "sent": 0 },
              "deleteAfterDays": { "archived": 0, "irrelevant": 0, "resolved": 0 },
              "deleteBufferDays": 0,
              "deleteContactData": true
            }
            """;
        const string hundredYears = """
            {
              "archiveAfterDays": { "open": 36500, "pending": 36500, "automated": 36500, "sent": 36500 },
              "deleteAfterDays": { "archived": 36500, "irrelevant": 36500, "resolved": 36500 },
              "deleteBufferDays": 36500,
              "deleteContactData": false
            }
            """;

        (await PutAsync(admin, PolicyUrl, zero)).StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldBeJson(await GetJsonAsync(admin, PolicyUrl), zero);
        (await PutAsync(admin, PolicyUrl, hundredYears)).StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldBeJson(await GetJsonAsync(admin, PolicyUrl), hundredYears);

        (await PutAsync(admin, ChannelUrl(channel), """{ "archiveAfterDays": { "open": 0 }, "deleteBufferDays": 36500 }""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var effective = (await GetJsonAsync(admin, ChannelUrl(channel)))!["effective"]!;
        ShouldBeJson(effective["archiveAfterDays"]!["open"], """{ "days": 0, "source": "channel" }""");
        ShouldBeJson(effective["deleteBufferDays"], """{ "days": 36500, "source": "channel" }""");
    }

    // ---- History ----

    [ProviderFact]
    public async Task Every_change_is_recorded_with_who_when_and_before_and_after_newest_first(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var ada = await app.SetUpAsync();
        var grace = await app.AddUserAsync(ada, "grace@acme.test", role: "Admin", name: "Grace Hopper");
        var channel = await CreateChannelAsync(ada, "Website bot");
        const string longerOpen = """
            {
              "archiveAfterDays": { "open": 45, "pending": null, "automated": 7, "sent": 14 },
              "deleteAfterDays": { "archived": 90, "irrelevant": 0, "resolved": null },
              "deleteBufferDays": 10,
              "deleteContactData": false
            }
            """;

        var firstAt = app.Now();
        (await PutAsync(ada, PolicyUrl, Example)).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromHours(2));
        var secondAt = app.Now();
        (await PutAsync(grace, PolicyUrl, longerOpen)).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromHours(1));
        (await PutAsync(grace, PolicyUrl, longerOpen)).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var channelAt = app.Now();
        (await PutAsync(ada, ChannelUrl(channel), """{ "archiveAfterDays": { "open": null } }""")).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        (await PutAsync(ada, ChannelUrl(channel), """{ "archiveAfterDays": { "open": null } }""")).EnsureSuccessStatusCode();

        var changes = await ChangesAsync(ada);

        changes.Select(c => (c.ChannelId, c.ChangedByUserId, c.ChangedBy, c.ChangedAt)).ShouldBe(
        [
            (channel, ada.UserId, "Ada Admin", channelAt),
            (null, grace.UserId, "Grace Hopper", secondAt),
            (null, ada.UserId, "Ada Admin", firstAt),
        ]);
        ShouldBeJson(changes[0].Before, "null");
        ShouldBeJson(changes[0].After, """{ "archiveAfterDays": { "open": null } }""");
        ShouldBeJson(changes[1].Before, Example);
        ShouldBeJson(changes[1].After, longerOpen);
        ShouldBeJson(changes[2].Before, "null");
        ShouldBeJson(changes[2].After, Example);
        var rows = await app.QueryAsync(d => d.MaintenancePolicyChanges.IgnoreQueryFilters().AsNoTracking().ToListAsync());
        rows.Select(r => r.Id).ShouldBe(changes.Select(c => c.Id), ignoreOrder: true);
        rows.ShouldAllBe(r => r.OrganizationId == ada.OrganizationId);
    }

    [ProviderFact]
    public async Task A_put_that_changes_nothing_records_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await CreateChannelAsync(admin, "Website bot");
        var untouched = await app.SnapshotAsync();

        // A policy never set reads as every rule never, so saying so is no change; nor is {} to a
        // channel that has no overrides.
        (await PutAsync(admin, PolicyUrl, Never)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PutAsync(admin, PolicyUrl, "{}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PutAsync(admin, ChannelUrl(channel), "{}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.SnapshotAsync()).ShouldBe(untouched);
        (await ChangesAsync(admin)).ShouldBeEmpty();

        (await PutAsync(admin, PolicyUrl, Example)).EnsureSuccessStatusCode();
        (await PutAsync(admin, ChannelUrl(channel), """{ "deleteBufferDays": 3 }""")).EnsureSuccessStatusCode();
        var changed = await app.SnapshotAsync();
        app.Clock.Advance(TimeSpan.FromHours(1));

        // The same settings with keys in another order and never left implicit are still the same settings.
        (await PutAsync(admin, PolicyUrl, """
            {
              "deleteContactData": false,
              "deleteAfterDays": { "resolved": null, "irrelevant": 0, "archived": 90 },
              "archiveAfterDays": { "sent": 14, "automated": 7, "open": 30 }
            }
            """)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PutAsync(admin, ChannelUrl(channel), """{ "deleteBufferDays": 3 }""")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.SnapshotAsync()).ShouldBe(changed);
        (await ChangesAsync(admin)).Count.ShouldBe(2);
    }

    [ProviderFact]
    public async Task The_history_is_paged_newest_first_and_walks_every_change_once(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await CreateChannelAsync(admin, "Website bot");
        for (var days = 1; days <= 3; days++)
        {
            (await PutAsync(admin, PolicyUrl, $$"""{ "archiveAfterDays": { "open": {{days}} } }""")).EnsureSuccessStatusCode();
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        // Two changes in the same instant: the page boundary must not lose or repeat either.
        (await PutAsync(admin, ChannelUrl(channel), """{ "deleteBufferDays": 1 }""")).EnsureSuccessStatusCode();
        (await PutAsync(admin, ChannelUrl(channel), """{ "deleteBufferDays": 2 }""")).EnsureSuccessStatusCode();

        var pages = new List<List<Change>>();
        string? cursor = null;
        do
        {
            var page = (await admin.Client.GetFromJsonAsync<Json.Page<Change>>($"{ChangesUrl}?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")))!;
            pages.Add(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        pages.Select(p => p.Count).ShouldBe([2, 2, 1]);
        var walked = pages.SelectMany(p => p).ToList();
        walked.Select(c => c.Id).ShouldBe((await ChangesAsync(admin)).Select(c => c.Id));
        walked.Select(c => c.After!.ToJsonString()).ShouldBe(
        [
            """{"deleteBufferDays":2}""",
            """{"deleteBufferDays":1}""",
            NeverExcept("open", 3),
            NeverExcept("open", 2),
            NeverExcept("open", 1),
        ]);
        await (await admin.Client.GetAsync($"{ChangesUrl}?limit=0")).ShouldBeValidationProblemAsync("limit");
    }

    // ---- Channel overrides ----

    [ProviderFact]
    public async Task A_channel_overrides_only_the_rules_it_names_and_inherits_the_rest(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await CreateChannelAsync(admin, "Website bot");
        var other = await CreateChannelAsync(admin, "SMS line");
        (await PutAsync(admin, PolicyUrl, Example)).EnsureSuccessStatusCode();
        const string overrides = """
            {
              "archiveAfterDays": { "open": 3, "automated": null },
              "deleteAfterDays": { "resolved": 60 },
              "deleteContactData": true
            }
            """;

        var response = await PutAsync(admin, ChannelUrl(channel), overrides);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var expected = $$"""
            {
              "channelId": "{{channel}}",
              "overrides": {{overrides}},
              "effective": {
                "archiveAfterDays": {
                  "open": { "days": 3, "source": "channel" },
                  "pending": { "days": null, "source": "organization" },
                  "automated": { "days": null, "source": "channel" },
                  "sent": { "days": 14, "source": "organization" }
                },
                "deleteAfterDays": {
                  "archived": { "days": 90, "source": "organization" },
                  "irrelevant": { "days": 0, "source": "organization" },
                  "resolved": { "days": 60, "source": "channel" }
                },
                "deleteBufferDays": { "days": 30, "source": "organization" },
                "deleteContactData": { "value": true, "source": "channel" }
              }
            }
            """;
        ShouldBeJson(await response.Content.ReadFromJsonAsync<JsonNode>(), expected);
        ShouldBeJson(await GetJsonAsync(admin, ChannelUrl(channel)), expected);
        var row = await app.QueryAsync(d => d.ChannelMaintenanceOverrides.IgnoreQueryFilters().AsNoTracking().SingleAsync());
        row.ChannelId.ShouldBe(channel);
        row.OrganizationId.ShouldBe(admin.OrganizationId);
        ShouldBeJson(JsonNode.Parse(row.Settings), overrides);

        // The other channel has no overrides: everything comes from the organisation.
        ShouldBeJson(await GetJsonAsync(admin, ChannelUrl(other)), EffectiveOfExampleFor(other));
    }

    [ProviderFact]
    public async Task An_inherited_rule_follows_a_later_policy_change_and_an_overridden_one_does_not(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await CreateChannelAsync(admin, "Website bot");
        (await PutAsync(admin, PolicyUrl, Example)).EnsureSuccessStatusCode();
        (await PutAsync(admin, ChannelUrl(channel), """{ "archiveAfterDays": { "open": null, "sent": 5 } }""")).EnsureSuccessStatusCode();

        (await PutAsync(admin, PolicyUrl, """{ "archiveAfterDays": { "open": 60, "pending": 20, "sent": 21 } }""")).EnsureSuccessStatusCode();

        var archive = (await GetJsonAsync(admin, ChannelUrl(channel)))!["effective"]!["archiveAfterDays"];
        ShouldBeJson(archive, """
            {
              "open": { "days": null, "source": "channel" },
              "pending": { "days": 20, "source": "organization" },
              "automated": { "days": null, "source": "organization" },
              "sent": { "days": 5, "source": "channel" }
            }
            """);
    }

    [ProviderFact]
    public async Task An_empty_put_removes_every_override(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await CreateChannelAsync(admin, "Website bot");
        (await PutAsync(admin, PolicyUrl, Example)).EnsureSuccessStatusCode();
        (await PutAsync(admin, ChannelUrl(channel), """
            { "archiveAfterDays": { "open": null }, "deleteAfterDays": { "irrelevant": 5 }, "deleteBufferDays": 0, "deleteContactData": true }
            """)).EnsureSuccessStatusCode();

        var response = await PutAsync(admin, ChannelUrl(channel), "{}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldBeJson(await response.Content.ReadFromJsonAsync<JsonNode>(), EffectiveOfExampleFor(channel));
        ShouldBeJson(await GetJsonAsync(admin, ChannelUrl(channel)), EffectiveOfExampleFor(channel));
        var stored = await app.QueryAsync(d => d.ChannelMaintenanceOverrides.IgnoreQueryFilters().AsNoTracking().Select(o => o.Settings).ToListAsync());
        stored.ShouldAllBe(s => s == "{}");
        var latest = (await ChangesAsync(admin))[0];
        latest.ChannelId.ShouldBe(channel);
        ShouldBeJson(latest.After, "{}");
    }

    [ProviderFact]
    public async Task A_delete_buffer_of_null_is_thirty_days_wherever_it_comes_from(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await CreateChannelAsync(admin, "Website bot");

        ShouldBeJson(await BufferAsync(), """{ "days": 30, "source": "organization" }""");

        (await PutAsync(admin, PolicyUrl, """{ "deleteBufferDays": 7 }""")).EnsureSuccessStatusCode();
        ShouldBeJson(await BufferAsync(), """{ "days": 7, "source": "organization" }""");

        // Null on the channel overrides the organisation's 7 with the default, not with "never".
        (await PutAsync(admin, ChannelUrl(channel), """{ "deleteBufferDays": null }""")).EnsureSuccessStatusCode();
        ShouldBeJson(await BufferAsync(), """{ "days": 30, "source": "channel" }""");
        ShouldBeJson((await GetJsonAsync(admin, ChannelUrl(channel)))!["overrides"], """{ "deleteBufferDays": null }""");

        (await PutAsync(admin, ChannelUrl(channel), """{ "deleteBufferDays": 0 }""")).EnsureSuccessStatusCode();
        ShouldBeJson(await BufferAsync(), """{ "days": 0, "source": "channel" }""");

        async Task<JsonNode?> BufferAsync() => (await GetJsonAsync(admin, ChannelUrl(channel)))!["effective"]!["deleteBufferDays"];
    }

    // ---- Permissions ----

    [ProviderFact]
    public async Task An_agent_is_refused_every_maintenance_settings_route_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "bo@acme.test");
        var channel = await CreateChannelAsync(admin, "Website bot");
        (await PutAsync(admin, PolicyUrl, Example)).EnsureSuccessStatusCode();
        var before = await app.SnapshotAsync();

        await (await agent.Client.GetAsync(PolicyUrl)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await PutAsync(agent, PolicyUrl, Never)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.GetAsync(ChangesUrl)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.Client.GetAsync(ChannelUrl(channel))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await PutAsync(agent, ChannelUrl(channel), """{ "deleteBufferDays": 0 }""")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = app.NewClient();
        (await anonymous.GetAsync(PolicyUrl)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Another_organisation_sees_only_its_own_settings_and_history(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" });
        var acme = await app.SetUpAsync();
        var channel = await CreateChannelAsync(acme, "Website bot");
        (await PutAsync(acme, PolicyUrl, Example)).EnsureSuccessStatusCode();
        (await PutAsync(acme, ChannelUrl(channel), """{ "deleteBufferDays": 1 }""")).EnsureSuccessStatusCode();
        var globex = await app.SignUpAsync("Globex", "hank@globex.test");
        var before = await app.SnapshotAsync();

        await (await globex.Client.GetAsync(ChannelUrl(channel))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await PutAsync(globex, ChannelUrl(channel), "{}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await PutAsync(globex, ChannelUrl(channel), """{ "deleteBufferDays": -1 }""")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await acme.Client.GetAsync(ChannelUrl(Guid.NewGuid()))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        ShouldBeJson(await GetJsonAsync(globex, PolicyUrl), Never);
        (await ChangesAsync(globex)).ShouldBeEmpty();
        (await app.SnapshotAsync()).ShouldBe(before);

        (await PutAsync(globex, PolicyUrl, """{ "deleteContactData": true }""")).EnsureSuccessStatusCode();

        ShouldBeJson(await GetJsonAsync(acme, PolicyUrl), Example);
        (await ChangesAsync(acme)).Select(c => c.ChangedByUserId).ShouldBe([acme.UserId, acme.UserId]);
        (await ChangesAsync(globex)).Select(c => c.ChangedByUserId).ShouldBe([globex.UserId]);
        var policies = await app.QueryAsync(d => d.MaintenancePolicies.IgnoreQueryFilters().AsNoTracking().ToListAsync());
        policies.Select(p => p.OrganizationId).ShouldBe([acme.OrganizationId, globex.OrganizationId], ignoreOrder: true);
    }

    // ---- Helpers ----

    private static string ChannelUrl(Guid channelId) => $"/api/v1/channels/{channelId}/maintenance";

    /// <summary>Sends the body as written, so tests can send what a typed object cannot (1.5, "30", unknown keys).</summary>
    private static Task<HttpResponseMessage> PutAsync(Actor actor, string url, string json) =>
        actor.Client.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonNode?> GetJsonAsync(Actor actor, string url)
    {
        var response = await actor.Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonNode>();
    }

    private static async Task<List<Change>> ChangesAsync(Actor admin) =>
        (await admin.Client.GetFromJsonAsync<Json.Page<Change>>($"{ChangesUrl}?limit=100"))!.Items;

    private static async Task<Guid> CreateChannelAsync(Actor admin, string name) =>
        (await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.Channel>())!.Id;

    /// <summary>Equal as JSON (key order aside), with both sides in the message when not.</summary>
    private static void ShouldBeJson(JsonNode? actual, string expected)
    {
        var wanted = JsonNode.Parse(expected);
        JsonNode.DeepEquals(actual, wanted).ShouldBeTrue($"expected {wanted?.ToJsonString() ?? "null"}\n     got {actual?.ToJsonString() ?? "null"}");
    }

    private static string NeverExcept(string archiveKey, int days)
    {
        var policy = JsonNode.Parse(Never)!;
        policy["archiveAfterDays"]![archiveKey] = days;
        return policy.ToJsonString();
    }

    /// <summary>A channel without overrides under the <see cref="Example"/> policy.</summary>
    private static string EffectiveOfExampleFor(Guid channel) => $$"""
        {
          "channelId": "{{channel}}",
          "overrides": {},
          "effective": {
            "archiveAfterDays": {
              "open": { "days": 30, "source": "organization" },
              "pending": { "days": null, "source": "organization" },
              "automated": { "days": 7, "source": "organization" },
              "sent": { "days": 14, "source": "organization" }
            },
            "deleteAfterDays": {
              "archived": { "days": 90, "source": "organization" },
              "irrelevant": { "days": 0, "source": "organization" },
              "resolved": { "days": null, "source": "organization" }
            },
            "deleteBufferDays": { "days": 30, "source": "organization" },
            "deleteContactData": { "value": false, "source": "organization" }
          }
        }
        """;
}
