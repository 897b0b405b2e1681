namespace Parley.Tests.Infrastructure;

/// <summary>
/// What a sign-in answer hands a browser, for clients that carry cookies by hand: the session cookie,
/// and the antiforgery cookies with the token a mutation echoes as X-XSRF-TOKEN.
/// </summary>
public sealed record LoginCookies(string Session, string CookieHeader, string XsrfToken)
{
    public static LoginCookies From(HttpResponseMessage login)
    {
        var pairs = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var session = pairs.Single(p => p.StartsWith("parley_session=", StringComparison.Ordinal));
        var token = pairs.Single(p => p.StartsWith("XSRF-TOKEN=", StringComparison.Ordinal)).Split('=', 2)[1];
        return new LoginCookies(session, string.Join("; ", pairs), Uri.UnescapeDataString(token));
    }

    /// <summary>Signs a request in as the browser would send it (cookies, and the header on mutations).</summary>
    public HttpRequestMessage Apply(HttpRequestMessage request)
    {
        request.Headers.Add("Cookie", CookieHeader);
        request.Headers.Add("X-XSRF-TOKEN", XsrfToken);
        return request;
    }
}
