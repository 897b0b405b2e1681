using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>
/// One organisation with a "Support" team, an API channel routed to it, an admin, two agents of the
/// team (Agent, Teammate) and an agent outside it (Outsider); customers write in through the bot.
/// Every inbound message first moves the clock on a minute, so activity order is unambiguous.
/// </summary>
internal sealed class InboxFixture : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];
    private int _externalIds;

    private InboxFixture(ParleyApp app) => App = app;

    public ParleyApp App { get; }
    public Actor Admin { get; private set; } = null!;
    public Actor Agent { get; private set; } = null!;
    public Actor Teammate { get; private set; } = null!;
    public Actor Outsider { get; private set; } = null!;
    public Guid TeamId { get; private set; }
    public Guid ChannelId { get; private set; }
    public HttpClient Bot { get; private set; } = null!;

    public static async Task<InboxFixture> StartAsync(string db, bool allowSignup = false)
    {
        var app = await ParleyApp.StartAsync(db, allowSignup ? new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" } : null);
        var inbox = new InboxFixture(app);
        inbox.Admin = await app.SetUpAsync();
        inbox.Agent = await app.AddUserAsync(inbox.Admin, "agnes@acme.test", name: "Agnes Agent");
        inbox.Teammate = await app.AddUserAsync(inbox.Admin, "tom@acme.test", name: "Tom Teammate");
        inbox.Outsider = await app.AddUserAsync(inbox.Admin, "olga@acme.test", name: "Olga Outsider");
        inbox._clients.AddRange([inbox.Admin.Client, inbox.Agent.Client, inbox.Teammate.Client, inbox.Outsider.Client]);
        inbox.TeamId = await inbox.CreateTeamAsync("Support", inbox.Agent.UserId, inbox.Teammate.UserId);
        inbox.ChannelId = await inbox.CreateChannelAsync("Website bot", inbox.TeamId);
        var token = await (await inbox.Admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Bot", kind = "Integration" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.IssuedToken>();
        inbox.Bot = app.NewClient(token!.Token!);
        inbox._clients.Add(inbox.Bot);
        return inbox;
    }

    public async Task<Guid> CreateTeamAsync(string name, params Guid[] members)
    {
        var team = await (await Admin.Client.PostAsJsonAsync("/api/v1/teams", new { name })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Team>();
        foreach (var member in members)
            (await Admin.Client.PutAsync($"/api/v1/teams/{team!.Id}/members/{member}", null)).EnsureSuccessStatusCode();
        return team!.Id;
    }

    public async Task<Guid> CreateChannelAsync(string name, Guid? teamId)
    {
        var channel = await (await Admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name, teamId }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Channel>();
        return channel!.Id;
    }

    /// <summary>A customer writes in (a minute after whatever happened last).</summary>
    public async Task<Json.Inbound> ReceiveAsync(string name, string phone, string text = "Hello?", Guid? channelId = null, bool automated = false)
    {
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var response = await Bot.PostAsJsonAsync($"/api/v1/channels/{channelId ?? ChannelId}/inbound",
            new { contact = new { name, phone }, text, externalMessageId = $"ext-{Interlocked.Increment(ref _externalIds)}", automated });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Json.Inbound>())!;
    }

    public async Task<Page> ListAsync(Actor actor, string query = "")
    {
        var response = await actor.Client.GetAsync($"/api/v1/conversations{(query.Length > 0 ? "?" + query : "")}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Page>())!;
    }

    public async Task<List<Guid>> IdsAsync(Actor actor, string query = "") =>
        (await ListAsync(actor, query)).Items.ConvertAll(r => r.Id);

    public async Task<Detail> OpenAsync(Actor actor, Guid id)
    {
        var response = await actor.Client.GetAsync($"/api/v1/conversations/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Detail>())!;
    }

    /// <summary>What the actor's inbox row says (found through view=all with status of the row).</summary>
    public async Task<bool> IsUnreadForAsync(Actor actor, Guid id) =>
        (await ListAsync(actor)).Items.Single(r => r.Id == id).Unread;

    public async Task<HttpResponseMessage> AssignAsync(Actor actor, Guid id, Guid? userId = null, Guid? teamId = null) =>
        await actor.Client.PostAsJsonAsync($"/api/v1/conversations/{id}/assign", new { userId, teamId });

    public async Task<HttpResponseMessage> ActAsync(Actor actor, Guid id, string action) =>
        await actor.Client.PostAsync($"/api/v1/conversations/{id}/{action}", null);

    public Task<Conversation> ConversationRowAsync(Guid id) =>
        App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id));

    public Task<ConversationRead?> ReadRowAsync(Guid conversationId, Guid userId) =>
        App.QueryAsync(d => d.ConversationReads.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(r => r.ConversationId == conversationId && r.UserId == userId));

    public Task<List<ConversationRead>> ReadRowsAsync(Guid conversationId) =>
        App.QueryAsync(d => d.ConversationReads.IgnoreQueryFilters().AsNoTracking().Where(r => r.ConversationId == conversationId).ToListAsync());

    public Task<List<ConversationEventType>> EventTypesAsync(Guid conversationId) =>
        App.QueryAsync(async d => (await d.ConversationEvents.IgnoreQueryFilters().AsNoTracking().Where(e => e.ConversationId == conversationId)
            .ToListAsync()).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Select(e => e.Type).ToList());

    public Task<List<MessageView>> ViewRowsAsync(Guid conversationId) =>
        App.QueryAsync(d => d.MessageViews.IgnoreQueryFilters().AsNoTracking().Where(v => v.ConversationId == conversationId).ToListAsync());

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
            client.Dispose();
        await App.DisposeAsync();
    }

    public sealed record Contact(Guid Id, string? Name, string? Phone);
    public sealed record Assignee(Guid Id, string Name);
    public sealed record Row(Guid Id, Contact Contact, Guid ChannelId, string Status, string DisplayStatus, Assignee? Assignee, Guid? TeamId,
        string? Subject, string Priority, List<string> Tags, DateTime LastActivityAt, string? LastMessagePreview, bool Unread);
    public sealed record Page(List<Row> Items, string? NextCursor);
    public sealed record Detail(Guid Id, Contact Contact, string Status, string DisplayStatus, Assignee? Assignee, Guid? TeamId, List<string> Tags, bool Unread, bool? AssigneeUnread);
    public sealed record Outcome(Guid Id, bool Ok, string? Status, string? Error);
    public sealed record BulkResponse(List<Outcome> Results);
}
