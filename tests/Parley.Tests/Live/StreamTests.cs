using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Parley.Live;
using Parley.Maintenance;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Live;

/// <summary>
/// GET /api/v1/stream tells each signed-in user, as it happens, what changed among the
/// conversations they may see (SPEC §2) — and nothing of the others. A negative is proved by the
/// order of events: the first event a user gets is a later one they may see.
/// </summary>
public sealed class StreamTests
{
    [ProviderFact]
    public async Task A_new_inbound_message_reaches_the_channels_team_and_no_one_else(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" });
        var admin = await app.SetUpAsync();
        var billingAgent = await app.AddUserAsync(admin, "bo@acme.test");
        var salesAgent = await app.AddUserAsync(admin, "cy@acme.test", name: "Cy Sales");
        var billing = await CreateTeamAsync(admin, "Billing", billingAgent);
        var sales = await CreateTeamAsync(admin, "Sales", salesAgent);
        var billingChannel = await CreateChannelAsync(admin, "Billing bot", billing);
        var salesChannel = await CreateChannelAsync(admin, "Sales bot", sales);
        using var bot = app.NewClient(await CreateTokenAsync(admin));
        var otherAdmin = await app.SignUpAsync("Globex", "hank@globex.test");
        var otherChannel = await CreateChannelAsync(otherAdmin, "Globex bot", null);
        using var otherBot = app.NewClient(await CreateTokenAsync(otherAdmin));

        await using var billingStream = await LiveStreamClient.OpenAsync(billingAgent.Client);
        await using var salesStream = await LiveStreamClient.OpenAsync(salesAgent.Client);
        await using var otherStream = await LiveStreamClient.OpenAsync(otherAdmin.Client);

        var billingQuestion = await SendInboundAsync(bot, billingChannel, "ext-1");
        var received = await billingStream.NextAsync();
        received.Type.ShouldBe(LiveEvent.MessageCreated);
        received.ConversationId.ShouldBe(billingQuestion.ConversationId);
        received.Data.GetProperty("data").GetProperty("messageId").GetGuid().ShouldBe(billingQuestion.MessageId);

        var salesQuestion = await SendInboundAsync(bot, salesChannel, "ext-2");
        (await salesStream.NextAsync()).ConversationId.ShouldBe(salesQuestion.ConversationId);

        var otherQuestion = await SendInboundAsync(otherBot, otherChannel, "ext-3");
        (await otherStream.NextAsync()).ConversationId.ShouldBe(otherQuestion.ConversationId);
    }

    [ProviderFact]
    public async Task Assignment_status_and_read_state_reach_the_people_concerned(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        // In no team: only the assignment lets this agent see the conversation.
        var agent = await app.AddUserAsync(admin, "bo@acme.test");
        var channel = await CreateChannelAsync(admin, "Website bot", null);
        using var bot = app.NewClient(await CreateTokenAsync(admin));
        // The admin's stream is open before the customer writes: the message's notice goes out after
        // the webhook's answer, so a stream opened just after the answer could still receive it.
        await using var adminStream = await LiveStreamClient.OpenAsync(admin.Client);
        var question = await SendInboundAsync(bot, channel, "ext-1");
        (await adminStream.NextAsync()).Type.ShouldBe(LiveEvent.MessageCreated);

        await using var agentStream = await LiveStreamClient.OpenAsync(agent.Client);

        (await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{question.ConversationId}/assign", new { userId = agent.UserId })).EnsureSuccessStatusCode();
        var assigned = await agentStream.NextAsync();
        assigned.Type.ShouldBe(LiveEvent.Assigned);
        assigned.ConversationId.ShouldBe(question.ConversationId);
        assigned.ForUserId.ShouldBe(agent.UserId);

        (await agent.Client.PostAsync($"/api/v1/conversations/{question.ConversationId}/resolve", null)).EnsureSuccessStatusCode();
        var resolved = await agentStream.NextAsync();
        resolved.Type.ShouldBe(LiveEvent.StatusChanged);
        resolved.Data.GetProperty("status").GetString().ShouldBe("Resolved");

        (await agent.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { question.ConversationId }, read = true })).EnsureSuccessStatusCode();
        var read = await agentStream.NextAsync();
        read.Type.ShouldBe(LiveEvent.ReadChanged);
        read.ForUserId.ShouldBe(agent.UserId);

        // The admin sees the assignment and the status change, but the agent's read state is the
        // agent's own: the first read.changed the admin gets is the admin's.
        (await admin.Client.PostAsJsonAsync("/api/v1/conversations/read", new { ids = new[] { question.ConversationId }, read = false })).EnsureSuccessStatusCode();
        var adminSaw = new List<LiveStreamClient.Received>();
        do
            adminSaw.Add(await adminStream.NextAsync());
        while (adminSaw[^1].Type != LiveEvent.ReadChanged);
        adminSaw.Select(e => e.Type).ShouldBe([LiveEvent.Assigned, LiveEvent.StatusChanged, LiveEvent.ReadChanged]);
        adminSaw[^1].ForUserId.ShouldBe(admin.UserId);
    }

    [ProviderFact]
    public async Task The_maintenance_sweeps_moves_and_purge_reach_open_inboxes(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "bo@acme.test");
        var support = await CreateTeamAsync(admin, "Support", agent);
        var channel = await CreateChannelAsync(admin, "Website bot", support);
        using var bot = app.NewClient(await CreateTokenAsync(admin));
        await using var adminStream = await LiveStreamClient.OpenAsync(admin.Client);
        var question = await SendInboundAsync(bot, channel, "ext-1");
        (await adminStream.NextAsync()).Type.ShouldBe(LiveEvent.MessageCreated);
        await using var agentStream = await LiveStreamClient.OpenAsync(agent.Client);
        // A day without activity archives it, a day archived deletes it, and with no buffer the
        // same run purges it: three changes, each told once it committed.
        (await admin.Client.PutAsJsonAsync("/api/v1/maintenance/policy",
            new { archiveAfterDays = new { open = 1 }, deleteAfterDays = new { archived = 1 }, deleteBufferDays = 0 })).EnsureSuccessStatusCode();

        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.Services.GetRequiredService<MaintenanceSweep>().RunAsync(admin.OrganizationId, SweepTrigger.Schedule, null, dryRun: false, CancellationToken.None);

        var archived = await agentStream.NextAsync();
        (archived.Type, archived.ConversationId).ShouldBe((LiveEvent.StatusChanged, question.ConversationId));
        archived.Data.GetProperty("status").GetString().ShouldBe("Archived");
        var adminSaw = new[] { await adminStream.NextAsync(), await adminStream.NextAsync(), await adminStream.NextAsync() };
        adminSaw.Select(e => (e.Type, e.ConversationId, e.Data.GetProperty("status").GetString())).ShouldBe([
            (LiveEvent.StatusChanged, question.ConversationId, "Archived"),
            (LiveEvent.StatusChanged, question.ConversationId, "Deleted"),
            (LiveEvent.Purged, question.ConversationId, "Deleted"),
        ]);
    }

    [PostgresFact]
    public async Task A_subscriber_on_one_node_hears_of_a_message_that_arrived_on_another(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await CreateChannelAsync(admin, "Website bot", null);
        using var bot = app.NewClient(await CreateTokenAsync(admin));
        await using var node2 = app.StartAnotherNode();
        var adminOnNode2 = await node2.SignInAsync(admin.Email, ParleyApp.AdminPassword, admin.OrganizationId, admin.UserId);

        await using var stream = await LiveStreamClient.OpenAsync(adminOnNode2.Client);
        var question = await SendInboundAsync(bot, channel, "ext-1");

        var received = await stream.NextAsync();
        received.Type.ShouldBe(LiveEvent.MessageCreated);
        received.ConversationId.ShouldBe(question.ConversationId);
    }

    [PostgresFact]
    public async Task A_node_listens_again_after_its_database_connection_drops(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var channel = await CreateChannelAsync(admin, "Website bot", null);
        using var bot = app.NewClient(await CreateTokenAsync(admin));
        await using var stream = await LiveStreamClient.OpenAsync(admin.Client);
        var listener = (await ListenerPidsAsync(app)).ShouldHaveSingleItem();

        await using (var connection = (Npgsql.NpgsqlConnection)app.OpenConnection())
        {
            await connection.OpenAsync();
            await using var kill = new Npgsql.NpgsqlCommand($"SELECT pg_terminate_backend({listener})", connection);
            await kill.ExecuteNonQueryAsync();
        }
        // Notifications sent while no one listens are lost by design, so wait for the new listener.
        await WaitUntilAsync(async () => await ListenerPidsAsync(app) is [var pid] && pid != listener);
        var question = await SendInboundAsync(bot, channel, "ext-1");

        (await stream.NextAsync()).ConversationId.ShouldBe(question.ConversationId);
    }

    [ProviderFact]
    public async Task The_stream_needs_a_signed_in_caller(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var anonymous = app.NewClient();

        using var response = await anonymous.GetAsync("/api/v1/stream", HttpCompletionOption.ResponseHeadersRead);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<List<int>> ListenerPidsAsync(ParleyApp app)
    {
        await using var connection = (Npgsql.NpgsqlConnection)app.OpenConnection();
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN {PostgresLiveBus.ChannelName}'", connection);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            pids.Add(reader.GetInt32(0));
        return pids;
    }

    /// <summary>Checks a condition that another process makes true, until it holds or ten seconds pass.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!await condition())
            await poll.WaitForNextTickAsync(patience.Token);
    }

    private static async Task<Guid> CreateTeamAsync(Actor admin, string name, Actor member)
    {
        var team = await (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Team>();
        (await admin.Client.PutAsync($"/api/v1/teams/{team!.Id}/members/{member.UserId}", null)).EnsureSuccessStatusCode();
        return team.Id;
    }

    private static async Task<Guid> CreateChannelAsync(Actor admin, string name, Guid? teamId)
    {
        var channel = await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name, teamId })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.Channel>();
        return channel!.Id;
    }

    private static async Task<string> CreateTokenAsync(Actor admin)
    {
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Bot", kind = "Integration" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.IssuedToken>();
        return token!.Token!;
    }

    private static async Task<Json.Inbound> SendInboundAsync(HttpClient bot, Guid channelId, string externalMessageId) =>
        (await (await bot.PostAsJsonAsync($"/api/v1/channels/{channelId}/inbound",
                new { contact = new { name = "Carla Customer", phone = "+15550109999" }, text = "Hello?", externalMessageId }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Inbound>())!;
}
