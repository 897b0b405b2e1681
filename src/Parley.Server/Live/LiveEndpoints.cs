namespace Parley.Live;

public static class LiveEndpoints
{
    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        // Signed in by the fallback policy, with a cookie (the web app) or a bearer token.
        var live = app.MapGroup("/api/v1").WithTags("Live");
        live.MapGet("/stream", (HttpContext http, LiveStream handler) => handler.Handle(http))
            .WithName("LiveStream")
            .WithSummary("Server-sent events of the changes the caller may see: message.created, message.status, conversation.status, conversation.assigned, conversation.moved, conversation.purged, read.changed.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }
}
