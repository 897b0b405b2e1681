using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Parley.Platform.Http;

/// <summary>
/// Behind a reverse proxy that ends TLS, the request Parley sees is plain HTTP from the proxy; the
/// proxy's X-Forwarded-Proto and X-Forwarded-For say what the client used. They are believed only
/// from a trusted proxy: loopback always, others listed in <c>Parley:TrustedProxies</c>
/// (comma-separated addresses or CIDR networks, e.g. "10.0.0.5, 172.16.0.0/12"). X-Forwarded-Host
/// is not taken: the public host comes from <c>Parley:PublicBaseUrl</c>.
/// </summary>
public static class ForwardedRequests
{
    public const string TrustedProxiesSetting = "Parley:TrustedProxies";

    public static IHostApplicationBuilder AddForwardedRequests(this IHostApplicationBuilder builder)
    {
        // Read now, so a wrong entry stops the start rather than the first request.
        var networks = new List<System.Net.IPNetwork>();
        var proxies = new List<IPAddress>();
        foreach (var entry in (builder.Configuration[TrustedProxiesSetting] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
                networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address))
                proxies.Add(address);
            else
                throw new InvalidOperationException($"{TrustedProxiesSetting}: '{entry}' is neither an IP address nor a CIDR network (such as 10.0.0.0/8).");
        }
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults (127.0.0.0/8 and ::1) stay; the setting adds to them.
            foreach (var network in networks)
                options.KnownIPNetworks.Add(network);
            foreach (var proxy in proxies)
                options.KnownProxies.Add(proxy);
        });
        return builder;
    }

    /// <summary>Whether Parley is published over HTTPS (<c>Parley:PublicBaseUrl</c> is https): then its cookies are always Secure.</summary>
    public static bool PublishedOverHttps(IConfiguration configuration) =>
        Uri.TryCreate(configuration["Parley:PublicBaseUrl"], UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps;
}
