using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Demo;
using Parley.Identity;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Demo;

public sealed class DemoDataTests
{
    private sealed record TeamSummary(Guid Id, string Name, int MemberCount);

    [ProviderFact]
    public async Task Seeding_a_fresh_database_creates_the_demo_organisation_users_and_teams(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);

        var password = await DemoData.SeedAsync(app.Services);

        password.ShouldNotBeNullOrEmpty();
        var organization = await app.QueryAsync(d => d.Organizations.SingleAsync());
        organization.Name.ShouldBe("Demo Company");
        (await app.QueryAsync(d => d.Installations.CountAsync())).ShouldBe(1);

        var users = await app.QueryAsync(d => d.Users.IgnoreQueryFilters().ToListAsync());
        users.Count.ShouldBe(5);
        users.ShouldAllBe(u => u.OrganizationId == organization.Id);
        users.Where(u => u.Role == UserRole.Admin).Select(u => u.Email).ShouldBe([DemoData.AdminEmail]);
        users.Where(u => u.Role == UserRole.Agent).Select(u => u.Email)
            .ShouldBe(["alice@demo.local", "bilal@demo.local", "chen@demo.local", "dana@demo.local"], ignoreOrder: true);
        users.ShouldAllBe(u => u.PasswordHash != null && u.PasswordHash != password);

        var teams = await app.QueryAsync(d => d.Teams.IgnoreQueryFilters().OrderBy(t => t.Name).ToListAsync());
        var memberships = await app.QueryAsync(d => d.TeamMembers.IgnoreQueryFilters().ToListAsync());
        teams.Select(t => t.Name).ShouldBe(["Sales", "Support"]);
        teams.ShouldAllBe(t => t.OrganizationId == organization.Id);
        string[] MembersOf(Parley.Teams.Team team) =>
            [.. memberships.Where(m => m.TeamId == team.Id).Select(m => users.Single(u => u.Id == m.UserId).Email).Order()];
        MembersOf(teams[0]).ShouldBe(["chen@demo.local", "dana@demo.local"]);
        MembersOf(teams[1]).ShouldBe(["alice@demo.local", "bilal@demo.local"]);
        memberships.Count.ShouldBe(4);
        (await app.QueryAsync(d => d.TeamMembers.IgnoreQueryFilters().AllAsync(m => m.OrganizationId == organization.Id))).ShouldBeTrue();
    }

    [ProviderFact]
    public async Task The_demo_has_conversations_in_every_status_each_with_its_history_and_an_inbox_to_browse(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var password = await DemoData.SeedAsync(app.Services);

        var byStatus = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        byStatus.Select(s => s.Key).Order().ShouldBe(Enum.GetValues<Parley.Conversations.ConversationStatus>());
        byStatus.Sum(s => s.Count).ShouldBeGreaterThanOrEqualTo(300);
        byStatus.ShouldAllBe(s => s.Count >= 20);
        var withoutCreatedEvent = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters()
            .CountAsync(c => !d.ConversationEvents.IgnoreQueryFilters().Any(e => e.ConversationId == c.Id && e.Type == Parley.Audit.ConversationEventType.Created)));
        withoutCreatedEvent.ShouldBe(0);
        (await app.QueryAsync(d => d.Contacts.IgnoreQueryFilters().CountAsync())).ShouldBeGreaterThanOrEqualTo(100);
        (await app.QueryAsync(d => d.Channels.IgnoreQueryFilters().OrderBy(c => c.Name).Select(c => c.Type).ToListAsync()))
            .ShouldBe([Parley.Channels.ChannelType.Api, Parley.Channels.ChannelType.Sms, Parley.Channels.ChannelType.Api, Parley.Channels.ChannelType.WhatsApp]);

        var admin = await app.SignInAsync(DemoData.AdminEmail, password!, Guid.Empty, Guid.Empty);
        var inbox = await admin.Client.GetFromJsonAsync<Json.Page<InboxRow>>("/api/v1/conversations?limit=50");
        inbox!.Items.Count.ShouldBe(50);
        inbox.NextCursor.ShouldNotBeNull();
        inbox.Items.ShouldAllBe(r => r.Status != "Archived" && r.Status != "Deleted");
    }

    private sealed record InboxRow(Guid Id, string Status);

    [ProviderFact]
    public async Task The_demo_admin_signs_in_over_http_with_the_returned_password(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var password = (await DemoData.SeedAsync(app.Services))!;
        using var browser = app.NewClient();

        var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = DemoData.AdminEmail, password });

        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetFromJsonAsync<Json.Organization>("/api/v1/organization"))!.Name.ShouldBe("Demo Company");
        var teams = (await browser.GetFromJsonAsync<Json.Page<TeamSummary>>("/api/v1/teams"))!;
        teams.Items.Select(t => (t.Name, t.MemberCount)).ShouldBe([("Sales", 2), ("Support", 2)]);
        var users = (await browser.GetFromJsonAsync<Json.Page<Json.User>>("/api/v1/users"))!;
        users.Items.Count.ShouldBe(5);

        // The agents share the password; an agent is signed in as an agent, not an admin.
        using var alice = app.NewClient();
        (await alice.PostAsJsonAsync("/api/v1/auth/login", new { email = "alice@demo.local", password })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await alice.GetFromJsonAsync<Json.Page<TeamSummary>>("/api/v1/teams"))!.Items.Count.ShouldBe(2);
        (await alice.GetAsync("/api/v1/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [ProviderFact]
    public async Task Seeding_again_returns_null_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        (await DemoData.SeedAsync(app.Services)).ShouldNotBeNull();
        var before = await app.SnapshotAsync();
        app.Clock.Advance(TimeSpan.FromDays(1));

        var again = await DemoData.SeedAsync(app.Services);

        again.ShouldBeNull();
        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<User>()).ShouldBe(5);
    }

    [ProviderFact]
    public async Task Seeding_a_database_that_was_already_set_up_returns_null_and_adds_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        var password = await DemoData.SeedAsync(app.Services);

        password.ShouldBeNull();
        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.QueryAsync(d => d.Organizations.Select(o => o.Id).ToListAsync())).ShouldBe([admin.OrganizationId]);
        (await app.QueryAsync(d => d.Users.IgnoreQueryFilters().AnyAsync(u => u.Email.EndsWith("@demo.local")))).ShouldBeFalse();
        (await app.CountAsync<Parley.Teams.Team>()).ShouldBe(0);
    }

    [ProviderFact]
    public async Task The_demo_whatsapp_channel_registers_its_webhook_with_the_simulator_when_it_answers(string db)
    {
        await using var simulator = await Simulator.RunningSimulator.StartAsync();
        var simulatorUrl = simulator.Client.BaseAddress!.ToString().TrimEnd('/');
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?>
        {
            ["Parley:Demo:SimulatorUrl"] = simulatorUrl,
            ["Parley:PublicBaseUrl"] = "http://parley.demo.test",
        });
        await DemoData.SeedAsync(app.Services);
        var registration = app.Services.GetRequiredService<SimulatorRegistration>();
        var inbound = new { phoneNumberId = "100000000000001", from = "+15550102000", text = "Hi" };
        // Unregistered, the simulator does not know where the number's webhooks go.
        (await simulator.Client.PostAsJsonAsync("/_sim/whatsapp/inbound", inbound)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await registration.RegisterAsync(CancellationToken.None)).ShouldBe(1);

        // Now it posts there (the address is not served in this test, so the post itself fails).
        (await simulator.Client.PostAsJsonAsync("/_sim/whatsapp/inbound", inbound)).StatusCode.ShouldNotBe(HttpStatusCode.NotFound);
        var channelId = await app.QueryAsync(d => d.Channels.IgnoreQueryFilters().Where(c => c.Type == Parley.Channels.ChannelType.WhatsApp).Select(c => c.Id).SingleAsync());
        var webhooks = await simulator.Client.GetStringAsync("/_sim/webhooks");
        webhooks.ShouldContain($"http://parley.demo.test/webhooks/whatsapp/{channelId}");
    }

    [ProviderFact]
    public async Task An_unreachable_simulator_is_not_an_error(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:Demo:SimulatorUrl"] = "http://127.0.0.1:9" });
        await DemoData.SeedAsync(app.Services);

        (await app.Services.GetRequiredService<SimulatorRegistration>().RegisterAsync(CancellationToken.None)).ShouldBe(0);
    }

    [ProviderFact]
    public async Task Nothing_in_the_demo_happens_after_now_and_every_history_is_in_the_order_it_happened(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var password = await DemoData.SeedAsync(app.Services);
        var now = app.Now();

        var conversations = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().AsNoTracking().ToListAsync());
        var messages = (await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().AsNoTracking().Select(m => new { m.Id, m.ConversationId, m.CreatedAt }).ToListAsync()))
            .ToLookup(m => m.ConversationId);
        var events = (await app.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().AsNoTracking().ToListAsync())).ToLookup(e => e.ConversationId);
        (await app.QueryAsync(d => d.Contacts.IgnoreQueryFilters().MaxAsync(c => c.CreatedAt))).ShouldBeLessThanOrEqualTo(now);
        conversations.Count.ShouldBeGreaterThanOrEqualTo(300);
        foreach (var conversation in conversations)
        {
            var trail = events[conversation.Id].ToList();
            var times = trail.Select(e => e.CreatedAt).Concat(messages[conversation.Id].Select(m => m.CreatedAt)).ToList();
            times.ShouldAllBe(t => t <= now);
            conversation.CreatedAt.ShouldBeLessThanOrEqualTo(now);
            // Last activity is the newest thing that happened in it, never later.
            conversation.LastActivityAt.ShouldBe(times.Max(), $"conversation {conversation.Id} ({conversation.Status})");
            // Ids are made in the order things happened, so the id order is the time order.
            trail.OrderBy(e => e.Id).Select(e => e.Id).ShouldBe(trail.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Select(e => e.Id));
            trail.OrderBy(e => e.Id).First().Type.ShouldBe(Parley.Audit.ConversationEventType.Created);
        }

        // Deleted conversations were deleted in the past and still wait out the buffer: restorable now.
        var deleted = conversations.Where(c => c.Status == Parley.Conversations.ConversationStatus.Deleted).ToList();
        deleted.Count.ShouldBeGreaterThan(0);
        deleted.ShouldAllBe(c => c.DeletedAt <= now && c.DeletedAt == c.LastActivityAt);
        var admin = await app.SignInAsync(DemoData.AdminEmail, password!, Guid.Empty, Guid.Empty);
        var view = (await admin.Client.GetFromJsonAsync<Json.Page<DeletedRow>>("/api/v1/conversations?view=deleted&limit=200"))!;
        view.Items.Count.ShouldBe(deleted.Count);
        view.Items.ShouldAllBe(r => r.DeletedAt <= now && r.PurgeAt > now && r.PurgeAt == r.DeletedAt!.Value.AddDays(30));
    }

    private sealed record DeletedRow(Guid Id, DateTime? DeletedAt, DateTime? PurgeAt);

    [ProviderFact]
    public async Task After_the_demo_new_ids_carry_the_time_of_now_and_sort_after_every_seeded_id(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var password = (await DemoData.SeedAsync(app.Services))!;
        var admin = await app.SignInAsync(DemoData.AdminEmail, password, Guid.Empty, Guid.Empty);
        var seeded = await app.QueryAsync(async d =>
            (await d.Conversations.IgnoreQueryFilters().Select(c => c.Id).ToListAsync())
            .Concat(await d.Messages.IgnoreQueryFilters().Select(m => m.Id).ToListAsync())
            .Concat(await d.ConversationEvents.IgnoreQueryFilters().Select(e => e.Id).ToListAsync())
            .Concat(await d.Contacts.IgnoreQueryFilters().Select(c => c.Id).ToListAsync())
            .ToList());
        // Ids are compared as the database orders them: as bytes on PostgreSQL, as upper-case text on SQLite.
        var newestSeeded = seeded.Max(id => id.ToString("D").ToUpperInvariant());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var channelId = await app.QueryAsync(d => d.Channels.IgnoreQueryFilters().Where(c => c.Name == "Website chat").Select(c => c.Id).SingleAsync());

        var inbound = await admin.Client.PostAsJsonAsync($"/api/v1/channels/{channelId}/inbound",
            new { contact = new { name = "Nina New", phone = "+15550309999" }, text = "Hello, anyone there?", externalMessageId = "after-demo-1" });

        inbound.StatusCode.ShouldBe(HttpStatusCode.Created);
        var made = (await inbound.Content.ReadFromJsonAsync<Json.Inbound>())!;
        var created = await app.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().Where(e => e.ConversationId == made.ConversationId).Select(e => e.Id).ToListAsync());
        foreach (var id in new[] { made.ConversationId, made.MessageId, made.ContactId }.Concat(created))
        {
            string.CompareOrdinal(id.ToString("D").ToUpperInvariant(), newestSeeded).ShouldBeGreaterThan(0);
            // The demo made a few thousand ids in one millisecond of the test's frozen clock: a
            // 4,096-per-millisecond counter moves a few milliseconds on, never days.
            (Platform.IdsTests.TimeOf(id) - app.Clock.GetUtcNow()).Duration().ShouldBeLessThan(TimeSpan.FromSeconds(1));
        }
        var rows = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Where(c => c.Id == made.ConversationId).Select(c => c.CreatedAt).ToListAsync());
        rows.ShouldBe([app.Now()]);
    }

    [ProviderFact]
    public async Task No_demo_contact_has_the_number_of_a_demo_channel(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await DemoData.SeedAsync(app.Services);

        var channelNumbers = await app.QueryAsync(d => d.Channels.IgnoreQueryFilters().Where(c => c.PhoneNumber != null).Select(c => c.PhoneNumber!).ToListAsync());
        var contactNumbers = await app.QueryAsync(d => d.Contacts.IgnoreQueryFilters().Where(c => c.Phone != null).Select(c => c.Phone!).ToListAsync());

        channelNumbers.ShouldBe(["+15550100000", "+15550100001"], ignoreOrder: true);
        contactNumbers.Count.ShouldBeGreaterThanOrEqualTo(100);
        contactNumbers.Intersect(channelNumbers).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task The_demo_shows_a_dry_run_of_its_policy_and_a_sweep_on_the_demo_clock_deletes_nothing_it_seeded(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var password = (await DemoData.SeedAsync(app.Services))!;
        var admin = await app.SignInAsync(DemoData.AdminEmail, password, Guid.Empty, Guid.Empty);
        var organizationId = await app.QueryAsync(d => d.Organizations.Select(o => o.Id).SingleAsync());
        var seeded = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Status));
        var messageCount = await app.CountAsync<Parley.Conversations.Message>();

        // The run the demo recorded, as the Maintenance page lists it.
        var runs = (await admin.Client.GetFromJsonAsync<Json.Page<RunRow>>("/api/v1/maintenance/runs"))!;
        var dryRun = runs.Items.ShouldHaveSingleItem();
        dryRun.DryRun.ShouldBeTrue();
        dryRun.Status.ShouldBe("Completed");
        foreach (var rule in new[] { "archive.open", "archive.automated", "archive.sent" })
        {
            dryRun.Rules.GetProperty(rule).GetProperty("count").GetInt64().ShouldBeGreaterThan(0, rule);
            dryRun.Rules.GetProperty(rule).GetProperty("sample").GetArrayLength().ShouldBeGreaterThan(0, rule);
        }
        // Nothing the demo seeded is old enough to be deleted or purged.
        foreach (var rule in new[] { "archive.pending", "delete.archived", "delete.irrelevant", "delete.resolved", "purge" })
            dryRun.Rules.GetProperty(rule).GetProperty("count").GetInt64().ShouldBe(0, rule);

        // The first scheduled sweep, on the demo's own clock.
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var run = await app.Services.GetRequiredService<Parley.Maintenance.MaintenanceSweep>()
            .RunAsync(organizationId, Parley.Maintenance.SweepTrigger.Schedule, null, dryRun: false, CancellationToken.None);

        using var report = System.Text.Json.JsonDocument.Parse(run.Report!);
        foreach (var rule in report.RootElement.EnumerateObject())
            rule.Value.GetProperty("count").GetInt64().ShouldBe(dryRun.Rules.GetProperty(rule.Name).GetProperty("count").GetInt64(), rule.Name);
        var after = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Status));
        after.Keys.Order().ShouldBe(seeded.Keys.Order());
        after.Count(c => c.Value == Parley.Conversations.ConversationStatus.Deleted).ShouldBe(seeded.Count(c => c.Value == Parley.Conversations.ConversationStatus.Deleted));
        // What moved was archived, which unarchive undoes; nothing else changed status.
        after.Where(c => c.Value != seeded[c.Key]).ShouldAllBe(c => c.Value == Parley.Conversations.ConversationStatus.Archived);
        after.Count(c => c.Value != seeded[c.Key]).ShouldBe((int)(dryRun.Rules.GetProperty("archive.open").GetProperty("count").GetInt64()
            + dryRun.Rules.GetProperty("archive.automated").GetProperty("count").GetInt64() + dryRun.Rules.GetProperty("archive.sent").GetProperty("count").GetInt64()));
        (await app.CountAsync<Parley.Conversations.Message>()).ShouldBe(messageCount);
    }

    [ProviderFact]
    public async Task The_demo_has_conversations_of_every_age_so_a_dry_run_of_its_policy_finds_work_under_each_archive_rule(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await DemoData.SeedAsync(app.Services);
        var organizationId = await app.QueryAsync(d => d.Organizations.Select(o => o.Id).SingleAsync());
        var before = await app.SnapshotAsync();

        var run = await app.Services.GetRequiredService<Parley.Maintenance.MaintenanceSweep>()
            .RunAsync(organizationId, Parley.Maintenance.SweepTrigger.Manual, null, dryRun: true, CancellationToken.None);

        using var report = System.Text.Json.JsonDocument.Parse(run.Report!);
        foreach (var rule in new[] { "archive.open", "archive.automated", "archive.sent" })
            report.RootElement.GetProperty(rule).GetProperty("count").GetInt64().ShouldBeGreaterThan(0, rule);
        // The policy says never for these, or the demo's data is younger than their thresholds.
        foreach (var rule in new[] { "archive.pending", "delete.archived", "delete.irrelevant", "delete.resolved", "purge" })
            report.RootElement.GetProperty(rule).GetProperty("count").GetInt64().ShouldBe(0, rule);
        (await app.SnapshotAsync()).Split('\n').Except(before.Split('\n')).ShouldAllBe(line => line.StartsWith("maintenance_runs: ", StringComparison.Ordinal));
    }

    private sealed record RunRow(Guid Id, bool DryRun, string Status, System.Text.Json.JsonElement Rules);
}
