using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Parley.Platform.Http;

public static partial class HttpExtensions
{
    public const string CorrelationHeader = "X-Correlation-ID";

    /// <summary>
    /// Gives every request a correlation id (the caller's X-Correlation-ID when it is sane, else a
    /// new one), echoes it, puts it in every log line's scope and logs one line per request.
    /// </summary>
    public static IApplicationBuilder UseCorrelatedRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Parley.Requests");
        return app.Use(async (context, next) =>
        {
            var incoming = context.Request.Headers[CorrelationHeader].ToString();
            var correlationId = IsSane(incoming) ? incoming : Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
            context.TraceIdentifier = correlationId;
            context.Response.Headers[CorrelationHeader] = correlationId;

            using var scope = logger.BeginScope(new CorrelationScope(correlationId));
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                LogRequest(logger, context.Request.Method, context.Request.Path, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }

    /// <summary>
    /// Refuses bodies above the limit with a 413 problem: at once when Content-Length says so, else
    /// while a chunked body is read. The check is ours rather than Kestrel's because endpoint
    /// binding swallows Kestrel's I/O error into an empty answer. An endpoint that takes larger
    /// bodies (file uploads) says so with <see cref="RequestBodyLimit"/> metadata.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long defaultMaxBytes) =>
        app.Use(async (context, next) =>
        {
            var maxBytes = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.MaxBytes ?? defaultMaxBytes;
            if (context.Request.ContentLength > maxBytes)
                throw new RequestBodyTooLargeException(maxBytes);
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = null;
            context.Request.Body = new LimitedStream(context.Request.Body, maxBytes);
            await next(context);
        });

    private static bool IsSane(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    /// <summary>Reads as "CorrelationId:…" in plain logs and as a CorrelationId field in JSON logs.</summary>
    private sealed class CorrelationScope(string correlationId) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public KeyValuePair<string, object> this[int index] => index == 0 ? new("CorrelationId", correlationId) : throw new ArgumentOutOfRangeException(nameof(index));
        public int Count => 1;
        public IEnumerator<KeyValuePair<string, object>> GetEnumerator() { yield return this[0]; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => $"CorrelationId:{correlationId}";
    }

    private sealed class LimitedStream(Stream inner, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > maxBytes)
                throw new RequestBodyTooLargeException(maxBytes);
            return read;
        }
    }
}

/// <summary>Endpoint metadata: this endpoint's bodies may be up to <paramref name="MaxBytes"/>.</summary>
public sealed record RequestBodyLimit(long MaxBytes);

/// <summary>Not an IOException on purpose: it must reach the problem-details handler.</summary>
public sealed class RequestBodyTooLargeException(long maxBytes)
    : Exception($"The request body is larger than the limit of {maxBytes} bytes.");
