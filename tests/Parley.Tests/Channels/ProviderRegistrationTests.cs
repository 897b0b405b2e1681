using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Channels;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Channels;

/// <summary>A channel provider is its adapter and one registration: the server finds it through the registry alone.</summary>
public sealed class ProviderRegistrationTests
{
    [ProviderFact]
    public async Task A_provider_registered_through_its_own_extension_validates_shows_sends_and_maps_statuses_with_no_server_file_naming_it(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, services: s => s.AddLoopbackChannel());
        var admin = await app.SetUpAsync();
        var loopback = app.Services.GetRequiredService<LoopbackChannel>();

        // Its settings rules, not the built-in provider's, decide what a channel needs.
        await (await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "Api", name = "Loop" })).ShouldBeValidationProblemAsync("settings.signingSecret");
        var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", new { type = "Api", name = "Loop", settings = new { signingSecret = "s3cret", webhookUrl = "https://elsewhere.test/" } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var channel = (await created.Content.ReadFromJsonAsync<JsonElement>()).Clone();
        var channelId = channel.GetProperty("id").GetGuid();
        // What GET shows and which webhooks an admin is given come from the provider.
        channel.GetProperty("settings").ToString().ShouldBe("""{"signingSecretSet":true}""");
        channel.GetProperty("webhooks").GetProperty("status").GetString().ShouldBe($"https://localhost/webhooks/loopback/{channelId}/status");

        var contact = await (await admin.Client.PostAsJsonAsync("/api/v1/contacts", new { name = "Lou", phone = "+15550107777" })).Content.ReadFromJsonAsync<JsonElement>();
        var started = await admin.Client.PostAsJsonAsync("/api/v1/conversations", new { contactId = contact.GetProperty("id").GetGuid(), channelId, text = "Hello from the loop" });
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var conversationId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // The delivery pass sends through the provider (the built-in API channel would hold a reply without a webhook).
        (await app.Services.GetRequiredService<OutboundDelivery>().SendDueAsync(CancellationToken.None)).ShouldBe(1);
        var sent = loopback.Sent.ShouldHaveSingleItem();
        (sent.Message.Text, sent.Contact.Phone, sent.Channel.Id, sent.Settings.SigningSecret).ShouldBe(("Hello from the loop", "+15550107777", channelId, "s3cret"));
        var message = await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().SingleAsync(m => m.ConversationId == conversationId));
        (message.DeliveryStatus, message.ExternalMessageId).ShouldBe((DeliveryStatus.Sent, "loop-1"));

        // Its status webhook, mapped by the provider, moves the message on in the provider's words.
        using var anonymous = app.NewClient();
        (await anonymous.PostAsync($"/webhooks/loopback/{channelId}/status?message=loop-1&status=nonsense&secret=s3cret", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await anonymous.PostAsync($"/webhooks/loopback/{channelId}/status?message=loop-1&status=seen&secret=wrong", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.PostAsync($"/webhooks/loopback/{channelId}/status?message=loop-1&status=seen&secret=s3cret", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        message = await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().SingleAsync(m => m.ConversationId == conversationId));
        (message.DeliveryStatus, message.ReadAt).ShouldBe((DeliveryStatus.Read, app.Now()));
    }
}
