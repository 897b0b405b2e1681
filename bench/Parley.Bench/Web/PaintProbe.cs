using System.Text.Json;
using Microsoft.Playwright;

namespace Parley.Bench.Web;

/// <summary>
/// What the page itself says about when something was painted, on its own clock
/// (<c>performance.now()</c>: milliseconds since the navigation started).
///
/// Installed before any of the app's scripts in every document. <c>watch</c> looks, once per
/// animation frame, for an element that is on screen and not covered (hit-tested at its middle, so
/// an element still scrolled out of its scroll container does not count). What a
/// requestAnimationFrame callback sees is what that frame goes on to paint; a message posted from
/// the callback is handled once the frame's rendering is done, so its time is the paint's, to
/// within the compositor's hand-off. The resolution is one frame (16.7 ms at 60 Hz).
/// </summary>
public static class PaintProbe
{
    public const string Script = """
        (() => {
          const bench = (window.__parleyBench = { marks: {}, clickAt: null });
          const shown = (el) => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return false;
            const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
            const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
            const hit = document.elementFromPoint(x, y);
            return !!hit && el.contains(hit);
          };
          bench.watch = (name, selector, closest) => {
            delete bench.marks[name];
            const frame = () => {
              let el = document.querySelector(selector);
              if (el && closest) el = el.closest(closest) || el;
              if (el && shown(el)) {
                const seen = performance.now();
                const channel = new MessageChannel();
                channel.port1.onmessage = () => { bench.marks[name] = { seen, painted: performance.now() }; };
                channel.port2.postMessage(null);
                return;
              }
              requestAnimationFrame(frame);
            };
            requestAnimationFrame(frame);
          };
          // Fetches in flight, so the bench can wait for the first screen's requests to end before it clicks.
          bench.pending = 0;
          bench.lastFetch = 0;
          const fetch = window.fetch;
          window.fetch = function (...args) {
            bench.pending++;
            bench.lastFetch = performance.now();
            return fetch.apply(this, args).finally(() => { bench.pending--; bench.lastFetch = performance.now(); });
          };
          // Main-thread tasks over 50 ms: how much of a wait was the page's own work (script, layout).
          bench.longTasks = [];
          try {
            new PerformanceObserver((list) => { for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration }); })
              .observe({ type: "longtask", buffered: true });
          } catch { /* no Long Tasks API: the figures say 0 */ }
          // The moment of the click as the page received it (the event's own time stamp).
          addEventListener("click", (e) => { if (bench.clickAt === null) bench.clickAt = e.timeStamp; }, true);
          // A real conversation row: the list's skeleton rows carry no data-id.
          bench.watch("firstRow", ".list-row[data-id]");
        })();
        """;

    /// <summary>What the page fetched, on the same clock as the marks.</summary>
    public const string Resources = """
        () => performance.getEntriesByType("resource").map((e) => ({
          url: e.name, type: e.initiatorType, start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize,
        }))
        """;

    public static async Task<Mark> WaitForAsync(IPage page, string name, TimeSpan timeout)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => !!window.__parleyBench?.marks[{JsonSerializer.Serialize(name)}]", null,
                new() { PollingInterval = 50, Timeout = (float)timeout.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"'{name}' was not painted within {timeout.TotalSeconds:F0} s; the page is at {page.Url}.");
        }
        return Read<Mark>(await page.EvaluateAsync<JsonElement>($"() => window.__parleyBench.marks[{JsonSerializer.Serialize(name)}]"));
    }

    public static async Task<LongTask[]> LongTasksAsync(IPage page) => Read<LongTask[]>(await page.EvaluateAsync<JsonElement>("() => window.__parleyBench.longTasks"));

    public static async Task<Resource[]> ResourcesAsync(IPage page) => Read<Resource[]>(await page.EvaluateAsync<JsonElement>(Resources));

    // Playwright's own conversion wants mutable classes; records are read with System.Text.Json.
    private static T Read<T>(JsonElement json) => json.Deserialize<T>(JsonSerializerOptions.Web)!;

    /// <summary>Waits until no fetch has been in flight for <paramref name="quiet"/> (the rail's counts, the users …).</summary>
    public static Task SettleAsync(IPage page, TimeSpan quiet, TimeSpan timeout) =>
        page.WaitForFunctionAsync($"() => window.__parleyBench.pending === 0 && performance.now() - window.__parleyBench.lastFetch > {quiet.TotalMilliseconds}", null,
            new() { PollingInterval = 50, Timeout = (float)timeout.TotalMilliseconds });
}

/// <param name="Seen">The frame in which the element was first on screen.</param>
/// <param name="Painted">That frame done: what the figures use.</param>
public sealed record Mark(double Seen, double Painted);

public sealed record Resource(string Url, string Type, double Start, double End, long Bytes)
{
    public double Duration => End - Start;
}

public sealed record LongTask(double Start, double Duration);
