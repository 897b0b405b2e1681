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
    /// Refuses bodies above the limit with 413 before anything reads them. Kestrel enforces the
    /// same limit on chunked bodies while they are read.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = maxBytes;
            if (context.Request.ContentLength > maxBytes)
                throw new BadHttpRequestException($"The request body is larger than the limit of {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
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
}
