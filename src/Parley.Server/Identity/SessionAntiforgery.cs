using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;

namespace Parley.Identity;

/// <summary>
/// Antiforgery for the cookie session: a browser sends the session cookie with any request, also one
/// another site makes it send, so every mutation it authenticates must also carry a token only this
/// origin's scripts can read. The server issues the token as the readable XSRF-TOKEN cookie (bound to
/// the signed-in user by ASP.NET Core's antiforgery, with its own HttpOnly cookie); the web app echoes
/// it as the X-XSRF-TOKEN header (web/src/api/client.ts). Bearer tokens are never sent by a browser on
/// its own, and anonymous endpoints (setup, sign-in, webhooks) act for no session: both are exempt.
/// </summary>
public static class SessionAntiforgery
{
    public const string TokenCookie = "XSRF-TOKEN";
    public const string TokenHeader = "X-XSRF-TOKEN";

    public static IHostApplicationBuilder AddSessionAntiforgery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAntiforgery(options =>
        {
            options.HeaderName = TokenHeader;
            options.Cookie.Name = "parley_antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            // Not Always even when published over HTTPS: antiforgery then throws on a request that reached
            // it as plain HTTP (an unforwarded proxy hop), where the session cookie still works.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // The app's pages send frame-ancestors 'none' themselves (WebApp); API answers are not framed.
            options.SuppressXFrameOptionsHeader = true;
        });
        return builder;
    }

    /// <summary>After authentication: refuses a cookie-authenticated mutation without a matching token.</summary>
    public static IApplicationBuilder UseSessionAntiforgery(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!NeedsToken(context) || await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                await next(context);
                return;
            }
            await TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "The antiforgery token is missing or does not match.",
                    detail: $"A request signed in with the session cookie must send the {TokenCookie} cookie's value in the {TokenHeader} header. Reload the page to get a new token.")
                .ExecuteAsync(context);
        });

    /// <summary>Sets a fresh XSRF-TOKEN cookie for the signed-in user of <paramref name="context"/>.</summary>
    public static void IssueToken(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var overHttps = Platform.Http.ForwardedRequests.PublishedOverHttps(context.RequestServices.GetRequiredService<IConfiguration>());
        context.Response.Cookies.Append(TokenCookie, tokens.RequestToken!, new CookieOptions
        {
            // Read by the web app's script, by design: the value is useless to another origin, which cannot read it.
            HttpOnly = false,
            SameSite = SameSiteMode.Strict,
            Secure = overHttps || context.Request.IsHttps,
            Path = "/",
        });
    }

    /// <summary>An endpoint filter issuing the token to a cookie session (GET /api/v1/auth/me: the app asks it on every load).</summary>
    public static async ValueTask<object?> IssueToSession(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        if (ByCookie(invocation.HttpContext))
            IssueToken(invocation.HttpContext);
        return await next(invocation);
    }

    private static bool NeedsToken(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
        && ByCookie(context)
        && context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null;

    private static bool ByCookie(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: Authentication.CookieScheme };
}
