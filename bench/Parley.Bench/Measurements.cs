using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Parley.Testing;

namespace Parley.Bench;

public sealed record Latency(string Name, int Count, double P50, double P95, double P99, double Max, double TargetP95, string Note)
{
    public bool Met => P95 <= TargetP95;
}

/// <summary>
/// What an agent waits for, timed over HTTP one request at a time (latency, not throughput):
/// each case is warmed up, then timed N times, reading the whole body as a client would.
/// </summary>
public sealed class Measurements(HttpClient http, FilledData data, int requests, ThrowawayCluster? cluster)
{
    // A production server is warm. Every case is first run this often untimed, all of them before
    // any is timed: warming each case just before timing it left the first cases measurably slower
    // than the same query later in the run (tiered JIT, pools, caches still settling).
    private const int Warmup = 100;
    private bool _warming;
    private const double InboxTarget = 25;
    private const double SearchTarget = 50;

    public async Task<List<Latency>> RunAsync()
    {
        _warming = true;
        await RunCasesAsync();
        _warming = false;
        return await RunCasesAsync();
    }

    private async Task<List<Latency>> RunCasesAsync()
    {
        var results = new List<Latency>();
        // A case whose endpoint is missing or failing is reported and skipped, not fatal: the
        // others still say something.
        async Task Case(string name, Func<Task<Latency>> run)
        {
            try
            {
                var latency = await run();
                if (!_warming)
                    results.Add(latency);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or JsonException or KeyNotFoundException)
            {
                Console.WriteLine($"  {name,-42} NOT MEASURED: {e.Message.Split('\n')[0]}");
            }
        }

        // The floor: authentication plus one primary-key read. What a case costs above this is its own.
        await Case("floor: GET /api/v1/organization", () => TimeAsync("floor: GET /api/v1/organization", double.PositiveInfinity, _ => "/api/v1/organization"));

        const string inbox = "/api/v1/conversations?view=all&limit=50";
        await Case("inbox, view=all, first page", () => TimeAsync("inbox, view=all, first page", InboxTarget, _ => inbox));
        await Case("inbox, view=mine, first page", () => TimeAsync("inbox, view=mine, first page", InboxTarget, _ => "/api/v1/conversations?view=mine&limit=50"));
        await Case("inbox, view=all, page 100", async () =>
        {
            var cursor = await WalkToPageAsync(inbox, 100);
            var page100 = $"{inbox}&cursor={Uri.EscapeDataString(cursor)}";
            Page100Path = page100;
            return await TimeAsync("inbox, view=all, page 100", InboxTarget, _ => page100);
        });

        var prefixes = SampleData.FirstNames.Where(n => n.Length >= 3).Select(n => n[..3].ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray();
        await Case("contact search, name prefix", () => TimeAsync("contact search, name prefix", SearchTarget,
            n => $"/api/v1/contacts?q={prefixes[n % prefixes.Length]}"));

        var random = new Random(7);
        await Case("contact search, phone 555-010-2000 style", () => TimeAsync("contact search, phone 555-010-2000 style", SearchTarget, _ =>
        {
            var phone = Plan.Phone(random.Next(data.Contacts)); // +1555XXXYYYY
            return $"/api/v1/contacts?q={phone[2..5]}-{phone[5..8]}-{phone[8..]}";
        }));

        await Case("open conversation of 200 messages", () => TimePairAsync("open conversation of 200 messages", InboxTarget));
        // The pair's two halves apart, to see which one a miss comes from.
        await Case("  of which GET conversation", () => TimeAsync("  of which GET conversation", InboxTarget, BigConversationPath));
        await Case("  of which GET messages?limit=200", () => TimeAsync("  of which GET messages?limit=200", InboxTarget,
            n => $"{BigConversationPath(n)}/messages?limit={Filler.BigConversationMessages}"));
        return results;
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of every statement one request runs, via auto_explain.</summary>
    public async Task<string?> ExplainAsync(string path)
    {
        if (cluster is null)
            return null;
        return await cluster.ExplainAsync(async () => await GetAsync(path));
    }

    /// <summary>Page 100 of the view=all inbox, once the walk to it has been made.</summary>
    public string? Page100Path { get; private set; }

    public string BigConversationPath(int n) => $"/api/v1/conversations/{data.BigConversations[n % data.BigConversations.Count]}";

    private async Task<string> WalkToPageAsync(string path, int page)
    {
        var cursor = "";
        for (var p = 1; p < page; p++)
        {
            using var body = JsonDocument.Parse(await GetAsync(p == 1 ? path : $"{path}&cursor={Uri.EscapeDataString(cursor)}"));
            cursor = body.RootElement.GetProperty("nextCursor").GetString()
                ?? throw new InvalidOperationException($"The list ended at page {p}; there is no page {page}.");
        }
        return cursor;
    }

    private async Task<Latency> TimeAsync(string name, double target, Func<int, string> path)
    {
        if (_warming)
        {
            for (var n = 0; n < Warmup; n++)
                await GetAsync(path(n));
            return new Latency(name, 0, 0, 0, 0, 0, target, "warm-up");
        }
        var samples = new double[requests];
        long items = 0;
        for (var n = 0; n < requests; n++)
        {
            var url = path(n);
            var started = Stopwatch.GetTimestamp();
            var body = await GetAsync(url);
            samples[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            items += CountItems(body);
        }
        return Summarise(name, target, samples, $"{(double)items / requests:F1} items per response");
    }

    private async Task<Latency> TimePairAsync(string name, double target)
    {
        async Task<string> OpenAsync(int n)
        {
            var path = BigConversationPath(n);
            await GetAsync(path);
            return await GetAsync($"{path}/messages?limit={Filler.BigConversationMessages}");
        }
        if (_warming)
        {
            for (var n = 0; n < Warmup; n++)
                await OpenAsync(n);
            return new Latency(name, 0, 0, 0, 0, 0, target, "warm-up");
        }
        var samples = new double[requests];
        long messages = 0;
        for (var n = 0; n < requests; n++)
        {
            var started = Stopwatch.GetTimestamp();
            var body = await OpenAsync(n);
            samples[n] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            messages += CountItems(body);
        }
        return Summarise(name, target, samples, $"GET conversation + GET messages?limit=200 timed together; {(double)messages / requests:F1} messages per response");
    }

    private static Latency Summarise(string name, double target, double[] samples, string note)
    {
        Array.Sort(samples);
        // Nearest-rank percentiles: with 300 samples p99 is the 297th, not an interpolation.
        double Percentile(double p) => samples[Math.Clamp((int)Math.Ceiling(p / 100 * samples.Length) - 1, 0, samples.Length - 1)];
        var latency = new Latency(name, samples.Length, Percentile(50), Percentile(95), Percentile(99), samples[^1], target, note);
        var verdict = double.IsInfinity(target)
            ? "no target"
            : string.Create(CultureInfo.InvariantCulture, $"target p95 <= {target} ms: {(latency.Met ? "met" : $"MISSED by {latency.P95 - target:F1} ms")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-42} p50 {latency.P50,7:F1}  p95 {latency.P95,7:F1}  p99 {latency.P99,7:F1}  max {latency.Max,7:F1} ms  ({verdict}; {note})"));
        return latency;
    }

    public static int CountItems(string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
            return root.GetArrayLength();
        return root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 0;
    }

    private async Task<string> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
