using Parley.Channels.Api;
using Parley.Identity;

namespace Parley.Channels;

public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/v1/channels").WithTags("Channels");
        var admin = channels.MapGroup("").RequireAuthorization(Authentication.AdminPolicy);
        admin.MapGet("/", (ListChannels handler, CancellationToken ct) => handler.Handle(ct))
            .WithName("ListChannels");
        admin.MapGet("/{id:guid}", (Guid id, GetChannel handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("GetChannel");
        admin.MapPost("/", (CreateChannel.Request request, CreateChannel handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("CreateChannel")
            .WithSummary("Create a channel (type 'api' for bots and integrations).");
        admin.MapPatch("/{id:guid}", (Guid id, UpdateChannel.Request request, UpdateChannel handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("UpdateChannel");

        channels.MapPost("/{id:guid}/inbound", (Guid id, ReceiveInboundMessage.Request request, ReceiveInboundMessage handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("ReceiveInboundMessage")
            .WithSummary("Deliver a customer's message through an API channel (idempotent on externalMessageId).");
        return app;
    }
}
