using System.Net;
using System.Text.Json;

namespace Parley.Tests.Live;

/// <summary>A browser's EventSource in miniature: reads GET /api/v1/stream event by event.</summary>
public sealed class LiveStreamClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private LiveStreamClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public sealed record Received(string Type, JsonElement Data)
    {
        public Guid ConversationId => Data.GetProperty("conversationId").GetGuid();
        public Guid? ForUserId => Data.GetProperty("forUserId").ValueKind == JsonValueKind.Null ? null : Data.GetProperty("forUserId").GetGuid();
    }

    /// <summary>Opens the stream and returns once the server says the subscription is in place.</summary>
    public static async Task<LiveStreamClient> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/stream", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/event-stream");
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var stream = new LiveStreamClient(response, reader);
        while (await stream.ReadLineAsync() != ": connected")
        {
        }
        return stream;
    }

    /// <summary>The next event (heartbeats and other comments skipped); fails after ten seconds.</summary>
    public async Task<Received> NextAsync()
    {
        string? type = null;
        string? data = null;
        while (true)
        {
            var line = await ReadLineAsync();
            if (line.Length == 0)
            {
                if (type is not null && data is not null)
                    return new Received(type, JsonDocument.Parse(data).RootElement.Clone());
                continue;
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                type = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line["data: ".Length..];
        }
    }

    /// <summary>
    /// The next event of <paramref name="type"/>, passing over others: a notice of a change made
    /// before the stream opened may still be on its way (group commit publishes after answering).
    /// </summary>
    public async Task<Received> NextAsync(string type)
    {
        while (true)
        {
            var next = await NextAsync();
            if (next.Type == type)
                return next;
        }
    }

    private async Task<string> ReadLineAsync() =>
        await _reader.ReadLineAsync().WaitAsync(Patience) ?? throw new InvalidOperationException("The server ended the stream.");

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
