using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Parley.WebApp;

/// <summary>
/// Serves the web app (web/dist, built by Vite) from the API's own origin, so the session cookie
/// stays same-origin and SameSite=Strict, and no CORS exists to get wrong.
/// </summary>
public static class WebAppExtensions
{
    // The built app passes this (no inline script or style in index.html: see web/vite.config.ts);
    // a page that needs more must change the build, not this line.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    // Paths the server owns: never answered with the app, so an unknown API route stays a 404 problem.
    private static readonly string[] ServerPaths = ["/api", "/openapi", "/webhooks", "/media", "/health", "/healthz", "/readyz"];

    /// <summary>Static files and the single-page fallback; before routing, so endpoints never see app paths.</summary>
    public static IApplicationBuilder UseWebApp(this WebApplication app)
    {
        var root = Locate(app.Configuration, app.Environment);
        var files = root is not null && Directory.Exists(root) ? new PhysicalFileProvider(root) : null;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Parley.WebApp");
        if (files is null)
            logger.LogWarning("The web app is not built ({Path} is missing): the API runs, the browser gets instructions. Build it with: cd web && npm ci && npm run build", root ?? "web/dist");
        else
            logger.LogInformation("Serving the web app from {Path}", root);

        app.Lifetime.ApplicationStarted.Register(() => AnnounceUrl(app, logger));

        if (files is not null)
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = context => Headers(context.Context.Response, context.File.Name, context.Context.Request.Path),
            });
        }

        app.Use(async (context, next) =>
        {
            if (!IsAppPage(context.Request))
            {
                await next(context);
                return;
            }
            var index = files?.GetFileInfo("index.html");
            if (index is not { Exists: true })
            {
                await NotBuiltAsync(context.Response);
                return;
            }
            Headers(context.Response, "index.html", "/index.html");
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength = index.Length;
            if (HttpMethods.IsHead(context.Request.Method))
                return;
            await context.Response.SendFileAsync(index, context.RequestAborted);
        });
        return app;
    }

    // The one line a newcomer needs after `dotnet run`: where to point the browser. A wildcard host
    // (0.0.0.0, [::], +, *) is opened as localhost.
    private static void AnnounceUrl(WebApplication app, ILogger logger)
    {
        var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is not { Count: > 0 } || !Uri.TryCreate(addresses.First().Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var address))
            return;
        var host = address.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : address.Host;
        logger.LogInformation("Parley is running: open {Url}", $"{address.Scheme}://{host}:{address.Port}");
    }

    /// <summary>
    /// Where the built app is: Parley:WebApp:Path if set; else web/dist of the repository above the
    /// content root or the binaries (dotnet run, the test factory, a server started from the test
    /// output); else wwwroot beside the binaries (a published copy).
    /// </summary>
    internal static string? Locate(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration["Parley:WebApp:Path"] is { Length: > 0 } configured)
            return Path.GetFullPath(configured, environment.ContentRootPath);
        foreach (var start in new[] { environment.ContentRootPath, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "web", "package.json")))
                    return Path.Combine(directory.FullName, "web", "dist");
            }
        }
        var published = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return Directory.Exists(published) ? published : null;
    }

    // A page the browser navigates to (not a script's fetch, not a server path, not a missing asset).
    private static bool IsAppPage(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            return false;
        var path = request.Path;
        foreach (var owned in ServerPaths)
        {
            if (path.StartsWithSegments(owned, StringComparison.OrdinalIgnoreCase))
                return false;
        }
        return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    private static void Headers(HttpResponse response, string fileName, PathString path)
    {
        var headers = response.Headers;
        // Vite names everything under /assets by its content hash: a changed file is a new URL.
        headers.CacheControl = path.StartsWithSegments("/assets", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        if (fileName.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
        }
    }

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Parley: the web app is not built</title></head>
        <body>
        <h1>The Parley server is running, but its web app is not built</h1>
        <p>Install Node.js 20 or later, then either run <code>dotnet run --project src/Parley.Server</code>
        (it builds the app when needed) or build it yourself with <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>, and reload this page.</p>
        <p>The API works meanwhile: <a href="/openapi/v1.json">/openapi/v1.json</a> describes it.</p>
        </body></html>
        """;

    private static async Task NotBuiltAsync(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        await response.WriteAsync(NotBuiltPage);
    }
}
