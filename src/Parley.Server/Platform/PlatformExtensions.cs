using Parley.Platform.Health;
using Parley.Platform.Http;
using Parley.Platform.OpenApi;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;
using Parley.WebApp;

namespace Parley.Platform;

public static class PlatformExtensions
{
    private const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddPlatform(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHandlers();
        builder.Services.AddParleyOpenApi();
        builder.AddProblems();
        builder.AddForwardedRequests();
        builder.AddPersistence();
        builder.AddHealth();
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        // First, so everything after it (logs, cookies, signature URLs) sees the client's scheme.
        app.UseForwardedHeaders();
        app.UseCorrelatedRequestLogging();
        app.UseProblems();
        // The web app's files and pages, before routing: they need no endpoint, and no sign-in.
        app.UseWebApp();
        app.UseRouting();
        app.UseRequestBodyLimit(MaxRequestBodyBytes(app.Configuration));
        // An unknown route is a 404 for everyone, before the sign-in requirement could make it a 401.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is not null)
                return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder app)
    {
        app.MapHealth();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }

    private static long MaxRequestBodyBytes(IConfiguration configuration) =>
        configuration.GetValue<long?>("Parley:MaxRequestBodyBytes") ?? DefaultMaxRequestBodyBytes;
}
