using Parley.Channels.Api;
using Parley.Identity;

namespace Parley.Channels;

public static class ChannelEndpoints
{
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChannelSecrets>();
        builder.Services.AddSingleton<WebhookChannels>();
        builder.Services.AddScoped<PublicUrls>();
        builder.Services.AddScoped<ChannelViews>();
        builder.Services.AddScoped<QueuedReplies>();
        // Group commit: one writer loop each, shared by every request (Platform/Persistence/GroupCommit).
        builder.Services.AddSingleton<InboundIngestion>();
        builder.Services.AddHostedService(services => services.GetRequiredService<InboundIngestion>());
        builder.Services.AddSingleton<DeliveryStatusWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeliveryStatusWriter>());
        builder.Services.AddScoped<DeliveryStatusUpdates>();
        builder.Services.AddHttpClient(OutboundDelivery.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<OutboundDelivery>();
        // Tests switch the loop off and drive OutboundDelivery.SendDueAsync themselves, on their clock.
        if (builder.Configuration.GetValue("Parley:Outbound:Enabled", true))
            builder.Services.AddHostedService<OutboundDeliveryService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/v1/channels").WithTags("Channels");
        var admin = channels.MapGroup("").RequireAuthorization(Authentication.AdminPolicy);
        admin.MapGet("/", (string? cursor, int? limit, ListChannels handler, CancellationToken ct) => handler.Handle(cursor, limit, ct))
            .WithName("ListChannels")
            .WithSummary("The organisation's channels, by name, keyset-paged.");
        admin.MapGet("/{id:guid}", (Guid id, GetChannel handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("GetChannel");
        admin.MapPost("/", (CreateChannel.Request request, CreateChannel handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("CreateChannel")
            .WithSummary("Create a channel (type 'api' for bots and integrations).");
        admin.MapPatch("/{id:guid}", (Guid id, UpdateChannel.Request request, UpdateChannel handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("UpdateChannel");

        // Provider webhooks: anonymous, proven by their signatures instead.
        var webhooks = app.MapGroup("/webhooks").WithTags("Provider webhooks").AllowAnonymous();
        webhooks.MapPost("/twilio/{id:guid}", (Guid id, HttpRequest request, Sms.ReceiveTwilioMessage handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("TwilioInbound")
            .WithSummary("Twilio's inbound SMS webhook (form-encoded, X-Twilio-Signature).")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/xml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .DisableAntiforgery();
        webhooks.MapPost("/twilio/{id:guid}/status", (Guid id, HttpRequest request, Sms.ReceiveTwilioMessage handler, CancellationToken ct) => handler.Status(id, request, ct))
            .WithName("TwilioStatus")
            .WithSummary("Twilio's message status callback (form-encoded, X-Twilio-Signature).")
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/xml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .DisableAntiforgery();
        webhooks.MapGet("/whatsapp/{id:guid}", (Guid id, HttpRequest request, WhatsApp.ReceiveWhatsAppWebhook handler, CancellationToken ct) => handler.Verify(id, request, ct))
            .WithName("WhatsAppVerify")
            .WithSummary("Meta's webhook verification handshake (hub.mode, hub.verify_token, hub.challenge).")
            .Produces<string>(StatusCodes.Status200OK, contentType: "text/plain")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        webhooks.MapPost("/whatsapp/{id:guid}", (Guid id, HttpRequest request, WhatsApp.ReceiveWhatsAppWebhook handler, CancellationToken ct) => handler.Receive(id, request, ct))
            .WithName("WhatsAppInbound")
            .WithSummary("Meta's WhatsApp Cloud API webhook (X-Hub-Signature-256).")
            .Accepts<System.Text.Json.JsonElement>("application/json")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        channels.MapPost("/{id:guid}/inbound", (Guid id, ReceiveInboundMessage.Request request, ReceiveInboundMessage handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("ReceiveInboundMessage")
            .WithSummary("Deliver a customer's message through an API channel (idempotent on externalMessageId).");
        return app;
    }
}
