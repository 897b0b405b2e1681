using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Parley.Bench.Webhooks;

/// <summary>What one request of the load got: its HTTP status (0: no answer) and how long it took.</summary>
public readonly record struct Outcome(int StatusCode, float Milliseconds)
{
    public bool Accepted => StatusCode is >= 200 and < 300;
}

public sealed record LoadResult(IReadOnlyList<SignedWebhook> Traffic, Outcome[] Outcomes, int Sent, TimeSpan Elapsed, IReadOnlyList<string> Errors)
{
    public int Accepted => Outcomes.Take(Sent).Count(o => o.Accepted);
    public int Failed => Sent - Accepted;
    public double AcceptedPerSecond => Accepted / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        var sorted = Outcomes.Take(Sent).Select(o => (double)o.Milliseconds).Order().ToArray();
        // Nearest rank, as the read-path bench reports it.
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public IEnumerable<(SignedWebhook Webhook, Outcome Outcome)> Answered() =>
        Traffic.Take(Sent).Zip(Outcomes.Take(Sent)).Where(p => p.Second.Accepted);
}

/// <summary>
/// Sends pre-computed webhooks at a fixed concurrency, each worker taking the next one in order,
/// until the traffic or the time is used up. Kept lean: the generator shares the cores with the
/// server and PostgreSQL, so everything it costs is taken from what it measures.
/// </summary>
public sealed class LoadRun(Uri server, int concurrency) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
        UseProxy = false,
    })
    {
        BaseAddress = server,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <param name="progress">Print the rate every few seconds (the timed run), or stay quiet (warm-up).</param>
    public async Task<LoadResult> RunAsync(IReadOnlyList<SignedWebhook> traffic, TimeSpan? duration, bool progress)
    {
        var outcomes = new Outcome[traffic.Count];
        var errors = new List<string>();
        var next = -1;
        var done = 0;
        var started = Stopwatch.GetTimestamp();
        var deadline = duration is { } d ? started + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;

        async Task WorkAsync()
        {
            while (true)
            {
                // The deadline is checked before an index is taken, so every index below the last taken one was sent.
                if (Stopwatch.GetTimestamp() >= deadline)
                    return;
                var index = Interlocked.Increment(ref next);
                if (index >= traffic.Count)
                    return;
                var webhook = traffic[index];
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Path) { Content = new ByteArrayContent(webhook.Body) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(webhook.ContentType);
                request.Headers.TryAddWithoutValidation(webhook.SignatureHeader, webhook.Signature);
                var sent = Stopwatch.GetTimestamp();
                int status;
                string? error = null;
                try
                {
                    using var response = await _http.SendAsync(request);
                    status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                        error = $"{webhook.Kind} {webhook.MessageId}: {status} {body}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                    error = $"{webhook.Kind} {webhook.MessageId}: {e.Message}";
                }
                outcomes[index] = new Outcome(status, (float)Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                Interlocked.Increment(ref done);
                if (error is not null)
                {
                    lock (errors)
                        errors.Add(error);
                }
            }
        }

        using var stop = new CancellationTokenSource();
        var reporter = progress ? ReportAsync(() => Volatile.Read(ref done), stop.Token) : Task.CompletedTask;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkAsync)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync();
        await reporter;
        var sentCount = Math.Min(next + 1, traffic.Count);
        return new LoadResult(traffic, outcomes, sentCount, elapsed, errors);
    }

    private static async Task ReportAsync(Func<int> done, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(5);
        var before = 0;
        var elapsed = 0;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = done();
                elapsed += (int)interval.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {elapsed,3} s: {(now - before) / interval.TotalSeconds,7:N0} webhooks/s"));
                before = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _http.Dispose();
}
