using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Tests.Simulator;

/// <summary>One request the receiver took, kept byte for byte so signatures can be checked against it.</summary>
public sealed record ReceivedWebhook(string Url, IReadOnlyDictionary<string, string> Headers, byte[] Body, string ContentType)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    public IReadOnlyList<KeyValuePair<string, string>> Form() =>
        [.. QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(Body))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")))];

    public string Field(string name) => Form().SingleOrDefault(p => p.Key == name).Value ?? "";
}

/// <summary>
/// A stand-in for Parley's webhook endpoints on a free loopback port: it answers every POST with
/// <see cref="AnswerWith"/> and hands the requests to the test in arrival order. It also serves the files
/// given to <see cref="Serve"/> on GET, as the host of an outbound message's media would (404 for others).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly ConcurrentDictionary<string, (string ContentType, byte[] Bytes)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Path, string UserAgent)> _downloads = new();

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public HttpStatusCode AnswerWith { get; set; } = HttpStatusCode.OK;

    public string BaseUrl { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}{http.Request.QueryString}";
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._received.Writer.TryWrite(new ReceivedWebhook(url, headers, buffer.ToArray(), http.Request.ContentType ?? ""));
            return Results.StatusCode((int)receiver.AnswerWith);
        });
        app.MapGet("/{**path}", (HttpContext http) =>
        {
            receiver._downloads.Enqueue((http.Request.Path, http.Request.Headers.UserAgent.ToString()));
            return receiver._files.TryGetValue(http.Request.Path, out var file)
                ? Results.Bytes(file.Bytes, file.ContentType)
                : Results.NotFound();
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    /// <summary>Serves these bytes on GET <paramref name="path"/>; answers the file's absolute URL.</summary>
    public string Serve(string path, string contentType, byte[] bytes)
    {
        _files[path] = (contentType, bytes);
        return BaseUrl + path;
    }

    /// <summary>Every GET so far: the path and the User-Agent it came with.</summary>
    public IReadOnlyList<(string Path, string UserAgent)> Downloads => [.. _downloads];

    /// <summary>The next request to arrive; fails the test if none comes within a few seconds.</summary>
    public async Task<ReceivedWebhook> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> NextAsync(int count)
    {
        var requests = new List<ReceivedWebhook>();
        for (var i = 0; i < count; i++)
            requests.Add(await NextAsync());
        return requests;
    }

    /// <summary>Nothing more arrives within a short grace period (for checking that nothing extra was sent).</summary>
    public async Task ShouldReceiveNothingMoreAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        try
        {
            var extra = await _received.Reader.ReadAsync(grace.Token);
            throw new ShouldAssertException($"Unexpected webhook to {extra.Url}");
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
