using System.Diagnostics;
using System.Globalization;

namespace Parley.Bench.Sweep;

/// <summary>
/// The inbox as agents keep opening it: the read bench's first page of view=all, one request at a
/// time at a steady pace (a request that runs late is followed at once, never by a burst), for as
/// long as asked. Pacing, rather than requests back to back, keeps the probe from taking a core
/// from the sweep it is there to watch.
/// </summary>
public sealed class InboxProbe(HttpClient http, TimeSpan interval)
{
    public const string Path = "/api/v1/conversations?view=all&limit=50";

    public sealed record Result(int Count, int Failed, double P50, double P95, double P99, double Max)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{Count:N0} requests, p50 {P50:F1}  p95 {P95:F1}  p99 {P99:F1}  max {Max:F1} ms{(Failed > 0 ? $", {Failed} FAILED" : "")}");
    }

    public async Task<Result> RunAsync(CancellationToken stop, int? count = null)
    {
        var samples = new List<double>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var next = TimeSpan.Zero;
        while (!stop.IsCancellationRequested && (count is null || samples.Count + failed < count))
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            next = clock.Elapsed + interval;
            var started = Stopwatch.GetTimestamp();
            // Not cancelled by the stop: a request in flight when the sweep ends still counts.
            using var response = await http.GetAsync(new Uri(Path, UriKind.Relative), CancellationToken.None);
            await response.Content.ReadAsStringAsync(CancellationToken.None);
            if (response.IsSuccessStatusCode)
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            else
                failed++;
        }
        return Summarise(samples, failed);
    }

    private static Result Summarise(List<double> samples, int failed)
    {
        if (samples.Count == 0)
            return new Result(0, failed, double.NaN, double.NaN, double.NaN, double.NaN);
        samples.Sort();
        // Nearest rank, as the read bench.
        double Percentile(double p) => samples[Math.Clamp((int)Math.Ceiling(p / 100 * samples.Count) - 1, 0, samples.Count - 1)];
        return new Result(samples.Count, failed, Percentile(50), Percentile(95), Percentile(99), samples[^1]);
    }
}
