using Parley.Channels.Api;
using Parley.Channels.Sms;
using Parley.Channels.WhatsApp;
using Parley.Identity;
using Parley.Platform.Scheduling;

namespace Parley.Channels;

public static class ChannelEndpoints
{
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        // The providers, each from its own folder; a new one is one more line here. Their order is
        // the order their routes are mapped (and listed in the API description).
        builder.Services.AddSmsChannel();
        builder.Services.AddWhatsAppChannel();
        builder.Services.AddApiChannel();
        builder.Services.AddSingleton<ChannelAdapters>();
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
        builder.Services.AddHttpClient(ProviderHttp.ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddClaimedWork();
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

        // Provider webhooks: anonymous, proven by their signatures instead. Each provider maps its own.
        var webhooks = app.MapGroup("/webhooks").WithTags("Provider webhooks").AllowAnonymous();
        var routes = new ChannelRoutes(webhooks, channels);
        foreach (var adapter in app.ServiceProvider.GetRequiredService<ChannelAdapters>().All)
            adapter.MapRoutes(routes);
        return app;
    }
}
