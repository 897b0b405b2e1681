using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Parley.Bench.Web;

/// <summary>
/// Issue #10's performance part: with the read bench's 1,000,000-conversation database, the time
/// from navigation to the first inbox page painted, from a click to a 200-message conversation
/// painted, and the JavaScript the first screen ships, in Debian's Chromium driven by Playwright
/// against the server serving the built web app. See docs/benchmarks.md, "The web app".
/// </summary>
public static partial class WebBench
{
    private const double FirstPageTarget = 1000;
    private const double ConversationTarget = 300;
    private const double JavaScriptTargetKb = 300;
    private static readonly TimeSpan PaintTimeout = TimeSpan.FromSeconds(60);
    private static readonly (int Width, int Height) Viewport = (1280, 800);

    public static async Task<int> RunAsync(WebOptions options)
    {
        var fill = options.Fill;
        var clock = TimeProvider.System;
        var repository = Machine.RepositoryRoot();
        var total = Stopwatch.StartNew();
        Console.WriteLine($"Parley web bench: {fill.Conversations:N0} conversations, {fill.MessagesPerConversation} messages each, " +
            $"{fill.Contacts:N0} contacts, {fill.Agents} agents + admin; {options.Samples} timed samples per case after {options.Warmup} untimed");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        if (!File.Exists(options.Chromium))
            throw new InvalidOperationException($"Chromium was not found at {options.Chromium}: apt-get install -y chromium, or set PARLEY_CHROMIUM.");

        // The server's build also builds web/dist when it is missing or older than web/src.
        Console.WriteLine("building src/Parley.Server (Release) and, when stale, web/dist ...");
        var serverDll = await ReleaseServer.BuildAsync(repository);
        var dist = options.WebDist ?? Path.Combine(repository, "web", "dist");
        if (!File.Exists(Path.Combine(dist, "index.html")))
            throw new InvalidOperationException($"{dist}/index.html is missing after the build: is Node.js 20+ installed? (cd web && npm ci && npm run build)");

        await using var database = await BenchDatabase.CreateAsync(fill, clock);
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"parley-bench-data-{Environment.ProcessId}");
        Directory.CreateDirectory(dataDirectory);
        try
        {
            // The scheduled maintenance sweep stays off: it must not land in a measured paint.
            await using var server = await ReleaseServer.StartAsync(serverDll, database.ConnectionString, dataDirectory,
                [$"Parley:WebApp:Path={dist}", "Parley:Maintenance:Enabled=false"]);
            Console.WriteLine($"server: {server.Address}, serving {dist}");
            var (data, token) = await database.FillOrReuseAsync(server.Address, clock);
            using var api = Organisation.Client(server.Address, token);

            var showcase = await Showcase.PrepareAsync(database.ConnectionString, data, api);
            Console.WriteLine($"conversation to open: {showcase.Id} ({showcase.Messages} messages), made the newest of the admin's My Inbox for the run");
            try
            {
                await MeasureAsync(options, server.Address, showcase, api, dist);
            }
            finally
            {
                await showcase.RestoreAsync();
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        Console.WriteLine($"total {total.Elapsed.TotalMinutes:F1} min");
        return 0;
    }

    private static async Task MeasureAsync(WebOptions options, Uri server, Showcase showcase, HttpClient api, string dist)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = options.Chromium,
            Headless = true,
            // Root in a container has no user namespace for Chromium's sandbox.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        Console.WriteLine($"browser: Chromium {browser.Version} ({options.Chromium}), headless, {Viewport.Width}×{Viewport.Height}");

        var signedIn = await SignInAsync(browser, server);
        var samples = options.Samples;
        var results = new List<Series>();

        Console.WriteLine($"  load average before: {Machine.LoadAverage()}");

        // (a) cold: a new browser context per sample (empty HTTP cache, no compiled code), with the
        // session cookie only; from navigation start to the first conversation row painted.
        var cold = await RepeatAsync(options, "first inbox page, My Inbox, cold (new context: empty cache)", FirstPageTarget, async () =>
        {
            await using var context = await NewContextAsync(browser, server, signedIn);
            var page = await context.NewPageAsync();
            return await FirstPageAsync(page, "/inbox/mine");
        });
        results.Add(cold);

        // (a) warm: the same tab navigated again (scripts from the HTTP cache; the app and its data loaded anew).
        await using (var context = await NewContextAsync(browser, server, signedIn))
        {
            var page = await context.NewPageAsync();
            results.Add(await RepeatAsync(options, "first inbox page, My Inbox, warm (reload)", FirstPageTarget, () => FirstPageAsync(page, "/inbox/mine")));
            results.Add(await RepeatAsync(options, "first inbox page, All conversations, warm (reload)", FirstPageTarget, () => FirstPageAsync(page, "/inbox/all")));

            // (b) the click on the 200-message conversation (first row of My Inbox) to its last
            // message painted. Each sample reloads the inbox first, so nothing of the conversation
            // is in the app's cache, and waits until the first screen's fetches have ended.
            results.Add(await RepeatAsync(options, "open the 200-message conversation (already read)", ConversationTarget,
                () => OpenConversationAsync(page, showcase)));
            results.Add(await RepeatAsync(options, "open the 200-message conversation (unread: the open marks it read)", ConversationTarget, async () =>
            {
                await showcase.MarkUnreadAsync(api);
                return await OpenConversationAsync(page, showcase);
            }));
        }
        Console.WriteLine($"  load average after:  {Machine.LoadAverage()}");

        if (options.Profile)
            await ProfileAsync(browser, server, signedIn, showcase);

        Console.WriteLine();
        Console.WriteLine($"paint times in ms (nearest-rank percentiles of {samples} samples):");
        Console.WriteLine($"  {"case",-68} {"p50",7} {"p95",7} {"min",7} {"max",7}  {"long tasks",-18} target");
        foreach (var s in results)
        {
            var verdict = s.P95 <= s.Target ? "met at p95" : s.P50 <= s.Target ? "met at p50, missed at p95" : "MISSED";
            var busy = string.Create(CultureInfo.InvariantCulture,
                $"{Median(s.Samples.Select(x => x.LongTasks.Total)):F0} ({Median(s.Samples.Select(x => x.LongTasks.Longest)):F0})");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {s.Name,-68} {s.P50,7:F0} {s.P95,7:F0} {s.Min,7:F0} {s.Max,7:F0}  {busy,-18} < {s.Target:F0}: {verdict}"));
        }
        Console.WriteLine("  long tasks: median main-thread time in tasks over 50 ms within the measured wait (the longest such task): the page's own script, style and layout work.");

        foreach (var s in results)
        {
            Console.WriteLine();
            Console.WriteLine($"what the page fetched during '{s.Name}' (median over the samples; ms on the page's clock, from {s.Origin}):");
            foreach (var line in Breakdown(s))
                Console.WriteLine("  " + line);
        }

        Console.WriteLine();
        JavaScript(cold, results.Where(r => r.Name.StartsWith("open", StringComparison.Ordinal)).ToList(), dist);
    }

    private static async Task ProfileAsync(IBrowser browser, Uri server, string signedIn, Showcase showcase)
    {
        var folder = Directory.CreateTempSubdirectory("parley-web-profile-").FullName;
        Console.WriteLine();
        await using (var context = await NewContextAsync(browser, server, signedIn))
        {
            var page = await context.NewPageAsync();
            var profile = await CpuProfile.StartAsync(page);
            var sample = await FirstPageAsync(page, "/inbox/mine");
            await profile.StopAsync(string.Create(CultureInfo.InvariantCulture, $"a cold first page ({sample.Value:F0} ms)"), Path.Combine(folder, "first-page-cold.cpuprofile"));
        }
        await using (var context = await NewContextAsync(browser, server, signedIn))
        {
            var page = await context.NewPageAsync();
            await FirstPageAsync(page, "/inbox/mine");
            CpuProfile? profile = null;
            var sample = await OpenConversationAsync(page, showcase, async () => profile = await CpuProfile.StartAsync(page));
            await profile!.StopAsync(string.Create(CultureInfo.InvariantCulture, $"the open of the 200-message conversation ({sample.Value:F0} ms from the click)"),
                Path.Combine(folder, "open-conversation.cpuprofile"));
        }
    }

    private static async Task<string> SignInAsync(IBrowser browser, Uri server)
    {
        await using var context = await NewContextAsync(browser, server, storageState: null);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email").FillAsync(Organisation.AdminEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Organisation.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(InboxUrl(), new() { Timeout = (float)PaintTimeout.TotalMilliseconds });
        Console.WriteLine($"signed in through the sign-in page as {Organisation.AdminEmail} (admin); every context below starts with that session cookie");
        return await context.StorageStateAsync();
    }

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, Uri server, string? storageState)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = server.ToString().TrimEnd('/'),
            ViewportSize = new() { Width = Viewport.Width, Height = Viewport.Height },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
            StorageState = storageState,
        });
        context.SetDefaultTimeout((float)PaintTimeout.TotalMilliseconds);
        await context.AddInitScriptAsync(PaintProbe.Script);
        return context;
    }

    private static async Task<Sample> FirstPageAsync(IPage page, string path)
    {
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        var mark = await PaintProbe.WaitForAsync(page, "firstRow", PaintTimeout);
        if (!InboxUrl().IsMatch(page.Url))
            throw new InvalidOperationException($"Expected the inbox, the page is at {page.Url}.");
        var resources = await PaintProbe.ResourcesAsync(page);
        return new Sample(mark.Painted, 0, resources.Where(r => r.Start <= mark.Painted).ToArray(), Busy(await PaintProbe.LongTasksAsync(page), 0, mark.Painted));
    }

    private static async Task<Sample> OpenConversationAsync(IPage page, Showcase showcase, Func<Task>? beforeClick = null)
    {
        await FirstPageAsync(page, "/inbox/mine");
        await PaintProbe.SettleAsync(page, TimeSpan.FromMilliseconds(300), PaintTimeout);
        var row = page.Locator($".list-row[data-id='{showcase.Id}'] .list-link");
        await page.EvaluateAsync("([selector]) => { window.__parleyBench.clickAt = null; window.__parleyBench.watch('lastMessage', selector, '.msg'); }",
            new[] { $".timeline .msg time[datetime='{showcase.LastMessageAt}']" });
        if (beforeClick is not null)
            await beforeClick();
        await row.ClickAsync();
        var mark = await PaintProbe.WaitForAsync(page, "lastMessage", PaintTimeout);
        var clickAt = await page.EvaluateAsync<double?>("() => window.__parleyBench.clickAt")
            ?? throw new InvalidOperationException("The page saw no click.");
        var resources = await PaintProbe.ResourcesAsync(page);
        return new Sample(mark.Painted - clickAt, clickAt, resources.Where(r => r.Start >= clickAt && r.Start <= mark.Painted).ToArray(),
            Busy(await PaintProbe.LongTasksAsync(page), clickAt, mark.Painted));
    }

    private static async Task<Series> RepeatAsync(WebOptions options, string name, double target, Func<Task<Sample>> sample)
    {
        for (var i = 0; i < options.Warmup; i++)
            await sample();
        var samples = new List<Sample>();
        for (var i = 0; i < options.Samples; i++)
            samples.Add(await sample());
        var series = new Series(name, target, samples);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-68} p50 {series.P50,6:F0} ms, p95 {series.P95,6:F0} ms (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})"));
        return series;
    }

    /// <summary>Each fetch of the measured window: when it started and how long it took, median over the samples.</summary>
    private static IEnumerable<string> Breakdown(Series series)
    {
        var rows = series.Samples
            .SelectMany(s => s.Resources.Select(r => (Key: Describe(r.Url), Start: r.Start - s.Origin, r.Duration)))
            .GroupBy(r => r.Key)
            .Select(g => (g.Key, Count: g.Count(), Start: Median(g.Select(r => r.Start)), Duration: Median(g.Select(r => r.Duration)), P95: Percentile(g.Select(r => r.Duration), 95)))
            .OrderBy(r => r.Start);
        foreach (var r in rows)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{r.Key,-86} starts {r.Start,6:F0}, takes {r.Duration,5:F0} (p95 {r.P95,5:F0}){(r.Count != series.Samples.Count ? $" [in {r.Count} of {series.Samples.Count} samples]" : "")}");
        }
    }

    // Ids and hashes out of the URL so the same request groups across samples.
    private static string Describe(string url)
    {
        return Guid().Replace(new Uri(url).PathAndQuery, "{id}");
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex("/inbox/")]
    private static partial Regex InboxUrl();

    /// <summary>
    /// The scripts the first screen loaded (from the page's resource list), each gzipped from
    /// web/dist at level 9 as a compressing server or proxy would send it; beside every script in dist.
    /// </summary>
    private static void JavaScript(Series cold, List<Series> opens, string dist)
    {
        var firstScreen = cold.Samples
            .SelectMany(s => s.Resources)
            .Select(r => new Uri(r.Url).AbsolutePath)
            .Where(p => p.EndsWith(".js", StringComparison.Ordinal))
            .Distinct()
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        var later = opens.SelectMany(o => o.Samples).SelectMany(s => s.Resources)
            .Select(r => new Uri(r.Url).AbsolutePath)
            .Where(p => p.EndsWith(".js", StringComparison.Ordinal) && !firstScreen.Contains(p))
            .Distinct()
            .ToList();
        var all = Directory.EnumerateFiles(Path.Combine(dist, "assets"), "*.js").Select(f => "/assets/" + Path.GetFileName(f)).OrderBy(p => p, StringComparer.Ordinal).ToList();

        (long Raw, long Gzip) Size(string path)
        {
            var bytes = File.ReadAllBytes(Path.Combine(dist, path.TrimStart('/')));
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
                gzip.Write(bytes);
            return (bytes.Length, buffer.Length);
        }

        Console.WriteLine("JavaScript (KB = 1,024 bytes; gzip level 9 of the file in web/dist; the server itself sends them uncompressed):");
        long raw = 0, gz = 0;
        foreach (var path in firstScreen)
        {
            var (r, g) = Size(path);
            raw += r;
            gz += g;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first screen  {path,-48} {r / 1024.0,8:F1} KB raw {g / 1024.0,7:F1} KB gzip"));
        }
        var verdict = gz / 1024.0 < JavaScriptTargetKb ? "met" : "MISSED";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  first screen total: {firstScreen.Count} files, {raw / 1024.0:F1} KB raw, {gz / 1024.0:F1} KB gzip (target < {JavaScriptTargetKb:F0} KB gzip: {verdict})"));
        foreach (var path in later)
        {
            var (r, g) = Size(path);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  on opening a conversation {path,-36} {r / 1024.0,8:F1} KB raw {g / 1024.0,7:F1} KB gzip"));
        }
        long allRaw = 0, allGz = 0;
        foreach (var path in all)
        {
            var (r, g) = Size(path);
            allRaw += r;
            allGz += g;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  all of web/dist/assets: {all.Count} .js files, {allRaw / 1024.0:F1} KB raw, {allGz / 1024.0:F1} KB gzip"));
    }

    private static double Median(IEnumerable<double> values) => Percentile(values, 50);

    // Nearest rank, as the read bench reports.
    internal static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Of the window from <paramref name="from"/> to <paramref name="to"/>: the time in long tasks, and the longest.</summary>
    private static (double Total, double Longest) Busy(LongTask[] tasks, double from, double to)
    {
        var inside = tasks.Select(t => Math.Min(t.Start + t.Duration, to) - Math.Max(t.Start, from)).Where(d => d > 0).ToList();
        return (inside.Sum(), inside.Count == 0 ? 0 : inside.Max());
    }

    /// <param name="Value">The figure: ms from navigation start (first page) or from the click.</param>
    /// <param name="Origin">Where the figure starts on the page's clock (0, or the click's time).</param>
    /// <param name="Resources">What the page fetched between the origin and the paint.</param>
    /// <param name="LongTasks">Main-thread time in tasks over 50 ms between the origin and the paint, and the longest such task.</param>
    private sealed record Sample(double Value, double Origin, Resource[] Resources, (double Total, double Longest) LongTasks);

    private sealed record Series(string Name, double Target, List<Sample> Samples)
    {
        public double P50 => Percentile(Samples.Select(s => s.Value), 50);
        public double P95 => Percentile(Samples.Select(s => s.Value), 95);
        public double Min => Samples.Min(s => s.Value);
        public double Max => Samples.Max(s => s.Value);
        public string Origin => Name.StartsWith("open", StringComparison.Ordinal) ? "the click" : "navigation start";
    }
}
