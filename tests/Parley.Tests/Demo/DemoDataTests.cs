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
    public async Task The_demo_has_conversations_of_every_age_so_a_dry_run_of_its_policy_finds_work_under_each_rule(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await DemoData.SeedAsync(app.Services);
        var organizationId = await app.QueryAsync(d => d.Organizations.Select(o => o.Id).SingleAsync());
        var before = await app.SnapshotAsync();

        var run = await app.Services.GetRequiredService<Parley.Maintenance.MaintenanceSweep>()
            .RunAsync(organizationId, Parley.Maintenance.SweepTrigger.Manual, null, dryRun: true, CancellationToken.None);

        using var report = System.Text.Json.JsonDocument.Parse(run.Report!);
        foreach (var rule in new[] { "archive.open", "archive.automated", "archive.sent", "delete.archived", "delete.irrelevant", "purge" })
            report.RootElement.GetProperty(rule).GetProperty("count").GetInt64().ShouldBeGreaterThan(0, rule);
        // The policy says never for these.
        report.RootElement.GetProperty("archive.pending").GetProperty("count").GetInt64().ShouldBe(0);
        report.RootElement.GetProperty("delete.resolved").GetProperty("count").GetInt64().ShouldBe(0);
        (await app.SnapshotAsync()).Split('\n').Except(before.Split('\n')).ShouldAllBe(line => line.StartsWith("maintenance_runs: ", StringComparison.Ordinal));
    }
}

