using System.Net;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// Does what the web app's client does (web/src/api/client.ts): echoes the XSRF-TOKEN cookie as the
/// X-XSRF-TOKEN header on every request but GET and HEAD, so cookie clients pass the antiforgery check.
/// </summary>
public sealed class AntiforgeryHeaderHandler(CookieContainer cookies) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && request.RequestUri is { } uri
            && cookies.GetCookies(uri)["XSRF-TOKEN"] is { } token && !request.Headers.Contains("X-XSRF-TOKEN"))
            request.Headers.Add("X-XSRF-TOKEN", Uri.UnescapeDataString(token.Value));
        return base.SendAsync(request, cancellationToken);
    }
}
