namespace Parley.Channels;

/// <summary>
/// The server's address as providers see it: <c>Parley:PublicBaseUrl</c> when set (behind a proxy
/// or tunnel), else the request's own scheme and host. Webhook URLs shown to admins and the URLs
/// signatures are checked against both come from here, so they always agree.
/// </summary>
public sealed class PublicUrls(IConfiguration configuration, IHttpContextAccessor http, ChannelAdapters adapters)
{
    public string Base
    {
        get
        {
            if (configuration["Parley:PublicBaseUrl"] is { Length: > 0 } configured)
                return configured.TrimEnd('/');
            if (http.HttpContext?.Request is { } request)
                return $"{request.Scheme}://{request.Host}{request.PathBase}";
            // Outside a request (demo seeding, background work): where this server listens.
            return (configuration["Urls"] ?? "http://localhost:5080").Split(';')[0].TrimEnd('/');
        }
    }

    /// <summary>The full URL of the current request as the provider called it, query included.</summary>
    public string CurrentRequest
    {
        get
        {
            var request = http.HttpContext!.Request;
            return Base + request.Path + request.QueryString;
        }
    }

    /// <summary>The URLs to give the channel's provider (<see cref="IChannelAdapter.Webhooks"/>), under <see cref="Base"/>.</summary>
    public IReadOnlyDictionary<string, string> WebhooksFor(Channel channel) => adapters.For(channel).Webhooks(Base, channel.Id);
}
