using Parley.Identity;

namespace Parley.Broadcasts;

public static class BroadcastEndpoints
{
    public static IEndpointRouteBuilder MapBroadcasts(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/broadcasts").WithTags("Broadcasts").RequireAuthorization(Authentication.AdminPolicy)
            .MapPost("/", (SendBroadcast.Request request, SendBroadcast handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("SendBroadcast")
            .WithSummary("Send a template to up to 1,000 contacts; opted-out and (without hasPriority) ongoing conversations are skipped.");
        return app;
    }
}
