using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Channels;
using Parley.Identity;
using Parley.Organizations;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Teams;

namespace Parley.Demo;

/// <summary>
/// Fills a fresh database with a demo organisation so a newcomer sees something at once. It goes
/// through the same use cases as the API, so the demo can never hold data the API would refuse.
/// </summary>
public static class DemoData
{
    public const string AdminEmail = "admin@demo.local";

    private static readonly (string Name, string Team)[] DemoChannels = [("Website chat", "Support"), ("Sales bot", "Sales")];

    private static readonly (string Name, string Email, string Team)[] Agents =
    [
        ("Alice Moreau", "alice@demo.local", "Support"),
        ("Bilal Haddad", "bilal@demo.local", "Support"),
        ("Chen Wei", "chen@demo.local", "Sales"),
        ("Dana Okafor", "dana@demo.local", "Sales"),
    ];

    /// <summary>
    /// The demo's provider secrets: fixed, published values, because they only ever talk to the
    /// local simulator — a real channel gets its provider's own secrets.
    /// </summary>
    public static string SimulatorSecret(string name) => $"demo-{name}-secret";

    /// <summary>
    /// The demo organisation's Maintenance settings. The archive rules catch some of the demo's
    /// conversations (a sweep archives them: they stay, and unarchive brings them back); the
    /// deletion rules are longer than the demo's oldest conversation and its deleted ones were
    /// deleted inside the buffer, so no sweep deletes or purges demo data until real time has
    /// passed. The dry run recorded at seeding shows what the policy would move.
    /// </summary>
    public const string DemoRetention = """
        {"archiveAfterDays": {"open": 30, "pending": null, "automated": 7, "sent": 14}, "deleteAfterDays": {"archived": 365, "irrelevant": 365, "resolved": null}, "deleteBufferDays": null, "deleteContactData": false}
        """;

    /// <returns>The demo users' password, or null when the database already had users.</returns>
    public static async Task<string?> SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<ParleyDbContext>();
        if (await db.Users.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AnyAsync(cancellationToken))
            return null;

        var password = RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyz23456789", 16);
        var founded = await provider.GetRequiredService<FoundOrganization>().Handle(
            new FoundOrganization.Request("Demo Company", "Ada Admin", AdminEmail, password), FoundOrganization.Mode.FirstSetup, cancellationToken);
        if (founded.Result is not Created<FoundOrganization.Response>)
            throw new InvalidOperationException("The demo organisation could not be created.");

        var createTeam = provider.GetRequiredService<CreateTeam>();
        var teams = new Dictionary<string, Guid>();
        foreach (var name in Agents.Select(a => a.Team).Distinct())
        {
            var team = (Created<TeamResponse>)(await createTeam.Handle(new CreateTeam.Request(name), cancellationToken)).Result;
            teams[name] = team.Value!.Id;
        }

        var createUser = provider.GetRequiredService<CreateUser>();
        var membership = provider.GetRequiredService<ChangeTeamMembership>();
        var agentsByTeam = new Dictionary<Guid, List<Guid>>();
        foreach (var (name, email, team) in Agents)
        {
            var user = (Created<UserResponse>)(await createUser.Handle(new CreateUser.Request(name, email, password, UserRole.Agent), cancellationToken)).Result;
            await membership.Add(teams[team], user.Value!.Id, cancellationToken);
            agentsByTeam.TryAdd(teams[team], []);
            agentsByTeam[teams[team]].Add(user.Value.Id);
        }

        var createChannel = provider.GetRequiredService<CreateChannel>();
        var channels = new List<ChannelResponse>();
        foreach (var (name, team) in DemoChannels)
            channels.Add(((Created<ChannelResponse>)(await createChannel.Handle(new CreateChannel.Request(ChannelType.Api, name, teams[team], null, null), cancellationToken)).Result).Value!);

        // SMS and WhatsApp channels pointed at the provider simulator (tools/Parley.ProviderSimulator),
        // so replies go somewhere real-looking and come back with ticks.
        var simulator = provider.GetRequiredService<IConfiguration>()["Parley:Demo:SimulatorUrl"] ?? "http://127.0.0.1:9000";
        await createChannel.Handle(new CreateChannel.Request(ChannelType.Sms, "Support SMS", teams["Support"], "+15550100000",
            new ChannelSettings(AccountSid: "AC00000000000000000000000000demo01", AuthToken: SimulatorSecret("twilio"), BaseUrl: simulator)), cancellationToken);
        await createChannel.Handle(new CreateChannel.Request(ChannelType.WhatsApp, "WhatsApp", teams["Sales"], "+15550100001",
            new ChannelSettings(PhoneNumberId: "100000000000001", AccessToken: SimulatorSecret("meta-access"), AppSecret: SimulatorSecret("meta-app"),
                VerifyToken: SimulatorSecret("meta-verify"), BaseUrl: simulator, ApiVersion: "v21.0")), cancellationToken);

        var adminId = ((Created<FoundOrganization.Response>)founded.Result).Value!.User.Id;
        await DemoConversations.AddAsync(db, provider.GetRequiredService<TimeProvider>(), channels, agentsByTeam, adminId, cancellationToken);

        // The Maintenance policy, and one dry run of it (as POST /api/v1/maintenance/runs?dryRun=true
        // makes) so the Maintenance page shows each archive rule at work without touching the demo.
        var clock = provider.GetRequiredService<TimeProvider>();
        var organizationId = ((Created<FoundOrganization.Response>)founded.Result).Value!.Organization.Id;
        var settings = Maintenance.RetentionSettings.Parse(System.Text.Json.JsonDocument.Parse(DemoRetention).RootElement, new Platform.Problems.Validation()).Complete();
        var policy = new Maintenance.MaintenancePolicy(organizationId);
        policy.Change(settings, adminId, clock.GetUtcNow().UtcDateTime);
        db.MaintenancePolicies.Add(policy);
        db.MaintenancePolicyChanges.Add(new Maintenance.MaintenancePolicyChange(Ids.New(clock), null, adminId, null, policy.Settings, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        await provider.GetRequiredService<Maintenance.MaintenanceSweep>().RunAsync(organizationId, Maintenance.SweepTrigger.Manual, adminId, dryRun: true, cancellationToken);
        return password;
    }
}
