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
