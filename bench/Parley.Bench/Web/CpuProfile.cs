using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Parley.Bench.Web;

/// <summary>
/// A V8 CPU profile of one measured wait (Chrome DevTools Protocol, Profiler domain): where the
/// page's main thread spent its time. Saved as .cpuprofile (DevTools' Performance panel opens it)
/// and summarised as the functions with the most self time. Run against an unminified build
/// (--web-dist) the names mean something.
/// </summary>
public sealed class CpuProfile(ICDPSession session)
{
    public static async Task<CpuProfile> StartAsync(IPage page)
    {
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("Profiler.enable");
        await session.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 200 });
        await session.SendAsync("Profiler.start");
        return new CpuProfile(session);
    }

    public async Task StopAsync(string name, string file)
    {
        var result = await session.SendAsync("Profiler.stop") ?? throw new InvalidOperationException("Profiler.stop answered nothing.");
        var profile = result.GetProperty("profile");
        await File.WriteAllTextAsync(file, profile.GetRawText());
        await session.DetachAsync();

        var frames = new Dictionary<int, string>();
        foreach (var node in profile.GetProperty("nodes").EnumerateArray())
        {
            var frame = node.GetProperty("callFrame");
            var function = frame.GetProperty("functionName").GetString() is { Length: > 0 } f ? f : "(anonymous)";
            var url = frame.GetProperty("url").GetString() ?? "";
            var where = url.Length == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                $" {url[(url.LastIndexOf('/') + 1)..]}:{frame.GetProperty("lineNumber").GetInt32() + 1}:{frame.GetProperty("columnNumber").GetInt32() + 1}");
            frames[node.GetProperty("id").GetInt32()] = function + where;
        }
        var samples = profile.GetProperty("samples").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var self = new Dictionary<string, double>();
        // timeDeltas[i] is the time before sample i: it belongs to the sample before it.
        for (var i = 0; i + 1 < samples.Length; i++)
        {
            var key = frames[samples[i]];
            self[key] = self.GetValueOrDefault(key) + deltas[i + 1] / 1000.0;
        }
        var busy = self.Where(p => !p.Key.StartsWith("(idle)", StringComparison.Ordinal)).Sum(p => p.Value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU profile of {name}: {busy:F0} ms on the main thread outside idle; saved as {file}; most self time:"));
        foreach (var (key, ms) in self.Where(p => !p.Key.StartsWith("(idle)", StringComparison.Ordinal)).OrderByDescending(p => p.Value).Take(15))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ms,7:F1} ms  {key}"));
    }
}
