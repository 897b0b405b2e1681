using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Channels;
using Parley.Channels.Sms;
using Parley.Conversations;
using Parley.Tests.Infrastructure;
using Parley.Tests.Simulator;

namespace Parley.Tests.Channels;

public sealed class BusinessHoursTests
{
    private const string AuthToken = "twilio-auth-token-0123456789";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    private sealed record Sent(string Provider, string? Body);

    private static readonly BusinessHours NewYorkOffice = new("America/New_York", new Dictionary<string, IReadOnlyList<OpeningTime>>
    {
        ["monday"] = [new("09:00", "17:00")],
        ["friday"] = [new("09:00", "12:00"), new("13:00", "17:00")],
    });

    [Fact]
    public void Hours_are_wall_clock_times_in_the_channels_time_zone()
    {
        // Monday 2 November 2026: New York is on EST (UTC-5) since 1 November.
        NewYorkOffice.IsOpen(new DateTime(2026, 11, 2, 13, 59, 0, DateTimeKind.Utc)).ShouldBeFalse();
        NewYorkOffice.IsOpen(new DateTime(2026, 11, 2, 14, 0, 0, DateTimeKind.Utc)).ShouldBeTrue();
        NewYorkOffice.IsOpen(new DateTime(2026, 11, 2, 22, 0, 0, DateTimeKind.Utc)).ShouldBeFalse();
        NewYorkOffice.NextOpening(new DateTime(2026, 11, 2, 9, 30, 0, DateTimeKind.Utc)).ShouldBe(new DateTime(2026, 11, 2, 14, 0, 0, DateTimeKind.Utc));
        // Monday evening → Friday morning; Friday's lunch break → 13:00.
        NewYorkOffice.NextOpening(new DateTime(2026, 11, 2, 23, 0, 0, DateTimeKind.Utc)).ShouldBe(new DateTime(2026, 11, 6, 14, 0, 0, DateTimeKind.Utc));
        NewYorkOffice.IsOpen(new DateTime(2026, 11, 6, 17, 30, 0, DateTimeKind.Utc)).ShouldBeFalse();
        NewYorkOffice.NextOpening(new DateTime(2026, 11, 6, 17, 30, 0, DateTimeKind.Utc)).ShouldBe(new DateTime(2026, 11, 6, 18, 0, 0, DateTimeKind.Utc));
    }

    [ProviderFact]
    public async Task A_reply_written_outside_business_hours_stays_queued_and_goes_out_when_hours_open(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "sms", name = "SMS", phoneNumber = "+15550100000",
            settings = new { accountSid = AccountSid, authToken = AuthToken, baseUrl = simulator.Client.BaseAddress!.ToString() },
            businessHours = new { timeZone = "America/New_York", days = new { monday = new[] { new { open = "09:00", close = "17:00" } } } },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var channelId = (await created.Content.ReadFromJsonAsync<Json.Channel>())!.Id;
        using var twilio = app.NewClient();
        var form = new Dictionary<string, string> { ["MessageSid"] = "SMin1", ["From"] = "+15550102000", ["To"] = "+15550100000", ["Body"] = "Hello?" };
        (await twilio.PostTwilioAsync($"/webhooks/twilio/{channelId}", form, AuthToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var conversationId = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
        // 09:30 UTC on Monday is 04:30 in New York: closed.
        var posted = await (await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "We'll look at it first thing." }))
            .Content.ReadFromJsonAsync<Json.Posted>();
        var delivery = app.Services.GetRequiredService<OutboundDelivery>();

        await delivery.SendDueAsync(CancellationToken.None);

        var waiting = await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == posted!.Message.Id));
        (waiting.DeliveryStatus, waiting.SendAttempts, waiting.NextAttemptAt).ShouldBe((DeliveryStatus.Queued, 0, (DateTime?)new DateTime(2026, 11, 2, 14, 0, 0, DateTimeKind.Utc)));
        (await simulator.Client.GetFromJsonAsync<List<object>>("/_sim/messages"))!.ShouldBeEmpty();

        app.Clock.Advance(new DateTime(2026, 11, 2, 14, 0, 0, DateTimeKind.Utc) - app.Clock.GetUtcNow().UtcDateTime);
        (await delivery.SendDueAsync(CancellationToken.None)).ShouldBe(1);

        (await simulator.Client.GetFromJsonAsync<List<object>>("/_sim/messages"))!.Count.ShouldBe(1);
        (await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().SingleAsync(m => m.Id == posted!.Message.Id))).ExternalMessageId.ShouldNotBeNull();
    }

    [ProviderFact]
    public async Task Replies_held_for_business_hours_follow_a_change_of_hours_and_a_retry_keeps_its_back_off(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync();
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "sms", name = "SMS", phoneNumber = "+15550100000",
            settings = new { accountSid = AccountSid, authToken = AuthToken, baseUrl = simulator.Client.BaseAddress!.ToString() },
        });
        var channelId = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Channel>())!.Id;
        using var twilio = app.NewClient();
        var form = new Dictionary<string, string> { ["MessageSid"] = "SMin1", ["From"] = "+15550102000", ["To"] = "+15550100000", ["Body"] = "Hello?" };
        (await twilio.PostTwilioAsync($"/webhooks/twilio/{channelId}", form, AuthToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var conversationId = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
        var delivery = app.Services.GetRequiredService<OutboundDelivery>();
        async Task<Guid> ReplyAsync(string text) =>
            (await (await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text }))
                .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.Posted>())!.Message.Id;
        Task<Message> RowAsync(Guid id) => app.QueryAsync(d => d.Messages.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == id));
        async Task<List<string?>> SentBodiesAsync() => [.. (await simulator.Client.GetFromJsonAsync<List<Sent>>("/_sim/messages"))!.Select(m => m.Body)];
        async Task PatchAsync(object body) =>
            (await admin.Client.PatchAsJsonAsync($"/api/v1/channels/{channelId}", body)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // While the channel is always open, the provider fails once: that reply waits out a back-off.
        var retried = await ReplyAsync("First try");
        (await simulator.Client.PostAsJsonAsync("/_sim/fail", new { provider = "twilio", count = 1, status = 503 })).EnsureSuccessStatusCode();
        await delivery.SendDueAsync(CancellationToken.None);
        var backOff = app.Now().AddSeconds(10);
        // Monday 09:00 to 17:00 in New York; 09:30 UTC is 04:30 there: the next reply is held until 14:00 UTC.
        await PatchAsync(new { businessHours = new { timeZone = "America/New_York", days = new { monday = new[] { new { open = "09:00", close = "17:00" } } } } });
        var held = await ReplyAsync("We'll look at it first thing.");
        await delivery.SendDueAsync(CancellationToken.None);
        (await RowAsync(held)).ShouldSatisfyAllConditions(
            m => m.NextAttemptAt.ShouldBe(new DateTime(2026, 11, 2, 14, 0, 0, DateTimeKind.Utc)),
            m => m.DeliveryHold.ShouldBe(DeliveryHold.OutsideBusinessHours));

        // Opening at 05:00 instead: the held reply is due at 10:00 UTC; the back-off is untouched.
        await PatchAsync(new { businessHours = new { timeZone = "America/New_York", days = new { monday = new[] { new { open = "05:00", close = "17:00" } } } } });
        (await RowAsync(held)).ShouldSatisfyAllConditions(
            m => m.NextAttemptAt.ShouldBe(new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc)),
            m => m.DeliveryHold.ShouldBe(DeliveryHold.OutsideBusinessHours),
            m => (m.DeliveryStatus, m.SendAttempts).ShouldBe((DeliveryStatus.Queued, 0)));
        (await RowAsync(retried)).ShouldSatisfyAllConditions(
            m => (m.NextAttemptAt, m.DeliveryHold, m.SendAttempts).ShouldBe((backOff, DeliveryHold.RetryingAfterError, 1)));

        // Always open: the held reply goes out at the next pass, without waiting for any opening.
        await PatchAsync(new { alwaysOpen = true });
        (await RowAsync(held)).ShouldSatisfyAllConditions(
            m => m.NextAttemptAt.ShouldBe(app.Now()),
            m => m.DeliveryHold.ShouldBeNull());
        (await delivery.SendDueAsync(CancellationToken.None)).ShouldBe(1);

        (await SentBodiesAsync()).ShouldBe(["We'll look at it first thing."]);
        (await RowAsync(held)).ShouldSatisfyAllConditions(
            m => m.ExternalMessageId.ShouldNotBeNull(),
            m => (m.NextAttemptAt, m.DeliveryHold).ShouldBe((null, null)));
        (await RowAsync(retried)).ShouldSatisfyAllConditions(
            m => (m.ExternalMessageId, m.NextAttemptAt, m.DeliveryHold).ShouldBe((null, backOff, DeliveryHold.RetryingAfterError)));
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        (await delivery.SendDueAsync(CancellationToken.None)).ShouldBe(1);
        (await SentBodiesAsync()).ShouldBe(["We'll look at it first thing.", "First try"]);
    }

    [ProviderFact]
    public async Task Invalid_business_hours_are_refused_naming_the_field(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        var response = await admin.Client.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "api", name = "Bot",
            businessHours = new { timeZone = "Mars/Olympus_Mons", days = new { someday = new[] { new { open = "17:00", close = "09:00" } } } },
        });

        await response.ShouldBeValidationProblemAsync("businessHours.days", "businessHours.timeZone");
        (await app.SnapshotAsync()).ShouldBe(before);
    }
}
