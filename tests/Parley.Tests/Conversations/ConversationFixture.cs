using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Conversations;

/// <summary>
/// An organisation with an admin, an agent in the "Support" team, an API channel routed to that
/// team, a bot holding an API token, and a way to deliver a customer's message through it.
/// </summary>
internal sealed class ConversationFixture : IAsyncDisposable
{
    private int _contacts;
    private int _externalIds;

    private ConversationFixture(ParleyApp app, Actor admin, Actor agent, Guid teamId, Json.Channel channel, HttpClient bot)
    {
        App = app;
        Admin = admin;
        Agent = agent;
        TeamId = teamId;
        Channel = channel;
        Bot = bot;
    }

    public ParleyApp App { get; }
    public Actor Admin { get; }
    public Actor Agent { get; }
    public Guid TeamId { get; }
    public Json.Channel Channel { get; }
    public HttpClient Bot { get; }

    public static async Task<ConversationFixture> StartAsync(string db)
    {
        var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "bo@acme.test", name: "Bo Agent");
        var team = await (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { name = "Support" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.Team>();
        (await admin.Client.PutAsync($"/api/v1/teams/{team!.Id}/members/{agent.UserId}", null)).EnsureSuccessStatusCode();
        var channel = await CreateChannelAsync(admin, "Website bot", team.Id);
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "Website bot", kind = "Integration" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.IssuedToken>();
        return new ConversationFixture(app, admin, agent, team.Id, channel, app.NewClient(token!.Token!));
    }

    public static async Task<Json.Channel> CreateChannelAsync(Actor admin, string name, Guid? teamId) =>
        (await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name, teamId })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.Channel>())!;

    /// <summary>
    /// Every row, as <see cref="ParleyApp.SnapshotAsync"/>, except the api_tokens rows: a bot's
    /// request stamps its token's last use, which is authentication's bookkeeping, not a change
    /// the refused request made.
    /// </summary>
    public async Task<string> SnapshotAsync() =>
        string.Join('\n', (await App.SnapshotAsync()).Split('\n').Where(line => !line.StartsWith("api_tokens: ", StringComparison.Ordinal)));

    /// <summary>A phone number no other contact of this test has.</summary>
    public string NewPhone() => $"+1555020{Interlocked.Increment(ref _contacts):D4}";

    public string NewExternalId() => $"ext-{Interlocked.Increment(ref _externalIds)}";

    public Task<HttpResponseMessage> PostInboundAsync(object body, Guid? channelId = null) =>
        Bot.PostAsJsonAsync($"/api/v1/channels/{channelId ?? Channel.Id}/inbound", body);

    /// <summary>A customer writes in; the answer must be a success (201 or, for a repeat, 200).</summary>
    public async Task<Json.Inbound> DeliverAsync(string phone, string text = "Hello?", string? externalMessageId = null, bool automated = false, Guid? channelId = null)
    {
        var response = await PostInboundAsync(new
        {
            contact = new { name = "Carla Customer", phone },
            text,
            externalMessageId = externalMessageId ?? NewExternalId(),
            automated,
        }, channelId);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Json.Inbound>())!;
    }

    /// <summary>A fresh conversation of a new contact, brought to the given status through the API.</summary>
    /// <param name="status">Open, Pending, Automated, Sent, Resolved, Irrelevant, Spam (Irrelevant marked as spam), Archived or Deleted.</param>
    public async Task<Guid> ConversationInAsync(string status)
    {
        if (status == "Sent")
            return (await StartAsync(await CreateContactAsync(NewPhone()))).Id;
        var id = (await DeliverAsync(NewPhone(), automated: status == "Automated")).ConversationId;
        var action = status switch
        {
            "Open" or "Automated" => null,
            "Pending" => "hold",
            "Resolved" => "resolve",
            "Irrelevant" => "irrelevant",
            "Spam" => "spam",
            "Archived" => "archive",
            "Deleted" => "delete",
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
        };
        if (action is not null)
            await ActAsync(Admin, id, action);
        return id;
    }

    /// <summary>Takes a status action that must succeed.</summary>
    public async Task<ConversationJson> ActAsync(Actor actor, Guid id, string action)
    {
        var response = await actor.Client.PostAsync($"/api/v1/conversations/{id}/{action}", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ConversationJson>())!;
    }

    public async Task<Guid> CreateContactAsync(string phone, string name = "Sam Started")
    {
        var response = await Agent.Client.PostAsJsonAsync("/api/v1/contacts", new { name, phone });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Parley.Contacts.ContactResponse>())!.Id;
    }

    /// <summary>The agent writes first to a contact on the fixture's channel.</summary>
    public async Task<ConversationJson> StartAsync(Guid contactId, string text = "Your order shipped.", Actor? by = null)
    {
        var response = await (by ?? Agent).Client.PostAsJsonAsync("/api/v1/conversations", new { contactId, channelId = Channel.Id, subject = "Order 1042", text });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ConversationJson>())!;
    }

    public async Task<Json.Posted> PostMessageAsync(Actor actor, Guid id, object body)
    {
        var response = await actor.Client.PostAsJsonAsync($"/api/v1/conversations/{id}/messages", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Json.Posted>())!;
    }

    public Task<Conversation?> FindRowAsync(Guid id) =>
        App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().AsNoTracking().Include(c => c.Tags).SingleOrDefaultAsync(c => c.Id == id));

    public async Task<Conversation> RowAsync(Guid id) => (await FindRowAsync(id)).ShouldNotBeNull();

    /// <summary>The phone of the conversation's contact (the fixture gives each new conversation its own).</summary>
    public Task<string> PhoneOfAsync(Guid conversationId) =>
        App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Where(c => c.Id == conversationId)
            .Join(d.Contacts.IgnoreQueryFilters(), c => c.ContactId, c => c.Id, (_, contact) => contact.Phone!).SingleAsync());

    public Task<List<ConversationEvent>> EventsAsync(Guid id) =>
        App.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().AsNoTracking().Where(e => e.ConversationId == id).ToListAsync());

    public Task<List<Message>> MessagesAsync(Guid id) =>
        App.QueryAsync(d => d.Messages.IgnoreQueryFilters().AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());

    /// <summary>The events written since <paramref name="before"/> was read (ids made in one instant are not ordered, so compare sets).</summary>
    public async Task<List<ConversationEvent>> NewEventsAsync(Guid id, IEnumerable<ConversationEvent> before)
    {
        var seen = before.Select(e => e.Id).ToHashSet();
        return (await EventsAsync(id)).Where(e => !seen.Contains(e.Id)).ToList();
    }

    /// <summary>Exactly one event was written since <paramref name="before"/>: of this type, by this user, now.</summary>
    public async Task<ConversationEvent> ShouldHaveWrittenOneEventAsync(Guid id, IEnumerable<ConversationEvent> before, ConversationEventType type, Guid? byUser)
    {
        var written = await NewEventsAsync(id, before);
        written.Select(e => e.Type).ShouldBe([type]);
        var single = written[0];
        if (byUser is { } userId)
        {
            single.ActorType.ShouldBe(ActorType.User);
            single.ActorUserId.ShouldBe(userId);
        }
        single.CreatedAt.ShouldBe(App.Now());
        return single;
    }

    public async ValueTask DisposeAsync()
    {
        Bot.Dispose();
        await App.DisposeAsync();
    }
}

public sealed record ContactJson(Guid Id, string? Name, string? Phone);

public sealed record AssigneeJson(Guid Id, string Name);

/// <summary>GET /conversations/{id} and the answer of every change to one conversation.</summary>
public sealed record ConversationJson(
    Guid Id,
    ContactJson Contact,
    Guid ChannelId,
    string Status,
    string DisplayStatus,
    string? PreviousStatus,
    bool IsSpam,
    AssigneeJson? Assignee,
    Guid? TeamId,
    string? Subject,
    string Priority,
    List<string> Tags,
    DateTime CreatedAt,
    DateTime LastActivityAt,
    DateTime? LastInboundAt,
    DateTime? FirstReplyAt,
    string? LastMessagePreview,
    bool Unread);

public sealed record ConversationSummaryJson(Guid Id, ContactJson Contact, string Status, string DisplayStatus, bool Unread);

public sealed record EventJson(Guid Id, string Type, string ActorType, Guid? ActorUserId, System.Text.Json.Nodes.JsonObject Payload, DateTime CreatedAt);

public sealed record ReminderJson(Guid Id, DateTime DueAt, string? Note, Guid CreatedByUserId, DateTime? FiredAt);
