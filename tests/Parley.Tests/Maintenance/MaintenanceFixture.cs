using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Audit;
using Parley.Contacts;
using Parley.Conversations;
using Parley.Maintenance;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Tenancy;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Maintenance;

/// <summary>
/// An organisation with two API channels and conversations of any status and age, made through
/// the Conversation entity's own methods at the test clock's time. The admin works through an API
/// token, which (unlike a cookie session) outlives the months the clock is moved.
/// </summary>
internal sealed class MaintenanceFixture : IAsyncDisposable
{
    private int _contacts;

    private MaintenanceFixture(ParleyApp app, Actor admin, HttpClient api, Guid channelA, Guid channelB)
    {
        App = app;
        Admin = admin;
        Api = api;
        ChannelA = channelA;
        ChannelB = channelB;
    }

    public ParleyApp App { get; }
    public Actor Admin { get; }
    /// <summary>The admin, by API token.</summary>
    public HttpClient Api { get; }
    public Guid ChannelA { get; }
    public Guid ChannelB { get; }

    public static async Task<MaintenanceFixture> StartAsync(string db, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = await ParleyApp.StartAsync(db, settings, services: services);
        var admin = await app.SetUpAsync();
        var token = await (await admin.Client.PostAsJsonAsync("/api/v1/tokens", new { name = "retention" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.IssuedToken>();
        var channelA = await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Website" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.Channel>();
        var channelB = await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "api", name = "Shop bot" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<Json.Channel>();
        return new MaintenanceFixture(app, admin, app.NewClient(token!.Token!), channelA!.Id, channelB!.Id);
    }

    public async Task PutPolicyAsync(object policy) =>
        (await Api.PutAsJsonAsync("/api/v1/maintenance/policy", policy)).EnsureSuccessStatusCode();

    public async Task PutChannelAsync(Guid channelId, object overrides) =>
        (await Api.PutAsJsonAsync($"/api/v1/channels/{channelId}/maintenance", overrides)).EnsureSuccessStatusCode();

    /// <summary>A conversation now in <paramref name="status"/>, its last activity now, for a new contact (or the one given).</summary>
    public async Task<Guid> ConversationAsync(ConversationStatus status, Guid? channelId = null, Guid? contactId = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(Admin.OrganizationId);
        var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
        var now = App.Clock.GetUtcNow().UtcDateTime;
        if (contactId is null)
        {
            var number = Interlocked.Increment(ref _contacts);
            var contact = new Contact(Ids.New(App.Clock), $"Customer {number}", $"+1555030{number:D4}", null, null, now);
            db.Contacts.Add(contact);
            contactId = contact.Id;
        }
        var channel = channelId ?? ChannelA;
        var by = EventActor.User(Admin.UserId);
        var conversation = status switch
        {
            ConversationStatus.Sent => Conversation.StartedByBusiness(Ids.New(App.Clock), contactId.Value, channel, null, null, Admin.UserId, by, now),
            ConversationStatus.Automated => Conversation.OpenedByCustomer(Ids.New(App.Clock), contactId.Value, channel, null, automated: true, EventActor.Contact, now),
            _ => Conversation.OpenedByCustomer(Ids.New(App.Clock), contactId.Value, channel, null, automated: false, EventActor.Contact, now),
        };
        switch (status)
        {
            case ConversationStatus.Pending: conversation.Hold(by, now); break;
            case ConversationStatus.Resolved: conversation.Resolve(by, now); break;
            case ConversationStatus.Archived: conversation.Archive(by, now); break;
            case ConversationStatus.Irrelevant: conversation.MarkIrrelevant(by, now); break;
            case ConversationStatus.Deleted: conversation.Delete(by, now); break;
        }
        conversation.Status.ShouldBe(status);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return conversation.Id;
    }

    public async Task<List<Guid>> ConversationsAsync(int count, ConversationStatus status, Guid? channelId = null)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
            ids.Add(await ConversationAsync(status, channelId));
        return ids;
    }

    /// <summary>Sweeps the organisation as a run on demand would.</summary>
    public Task<MaintenanceRun> SweepAsync(bool dryRun = false) =>
        App.Services.GetRequiredService<MaintenanceSweep>().RunAsync(Admin.OrganizationId, SweepTrigger.Manual, Admin.UserId, dryRun, CancellationToken.None);

    public Task<Conversation> RowAsync(Guid id) =>
        App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == id));

    public Task<ConversationStatus> StatusAsync(Guid id) =>
        App.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Where(c => c.Id == id).Select(c => c.Status).SingleAsync());

    public Task<List<ConversationEvent>> MaintenanceEventsAsync(Guid id) =>
        App.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters()
            .Where(e => e.ConversationId == id && e.Type == ConversationEventType.StatusChangedByMaintenance)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync());

    public void Advance(TimeSpan time) => App.Clock.Advance(time);

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
    }
}
