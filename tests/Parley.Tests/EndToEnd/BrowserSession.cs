using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Parley.Testing;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.EndToEnd;

/// <summary>
/// A real Parley server on a loopback port (fresh SQLite database, serving the built web/dist; see
/// <see cref="KestrelParley"/>) and Debian's Chromium driven by Playwright, headless. Playwright's own
/// browser download cannot work on the CI machines, so the system Chromium is launched; without it
/// the suite fails, saying what to install.
/// </summary>
public sealed partial class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public static readonly (int Width, int Height) Desktop = (1280, 800);
    public static readonly (int Width, int Height) Phone = (390, 844);

    private readonly KestrelParley _server;
    private readonly IPlaywright _playwright;
    private readonly List<string> _cspViolations = [];

    private readonly string _dataDirectory;

    private BrowserSession(KestrelParley server, string dataDirectory, IPlaywright playwright, IBrowser browser, string baseUrl)
    {
        _server = server;
        _dataDirectory = dataDirectory;
        _playwright = playwright;
        Browser = browser;
        BaseUrl = baseUrl;
    }

    public IBrowser Browser { get; }
    public string BaseUrl { get; }
    public IReadOnlyList<string> CspViolations => _cspViolations;
    /// <summary>The server's clock: the wall clock, which a scenario may set back for a moment.</summary>
    public ShiftableClock Clock => _server.Clock;

    /// <summary>Where every scenario's screenshots go (tests/Parley.Tests/bin/e2e-screenshots, ignored by git).</summary>
    public static string ScreenshotFolder { get; } =
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "e2e-screenshots"));

    public static async Task<BrowserSession> StartAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("PARLEY_CHROMIUM") is { Length: > 0 } configured ? configured : ChromiumPath;
        if (!File.Exists(chromium))
            throw new InvalidOperationException(
                $"Chromium was not found at {chromium}. The end-to-end tests drive Debian's Chromium: install it with " +
                "'apt-get install -y chromium fonts-dejavu-core' (.ci/run does), or set PARLEY_CHROMIUM to a Chromium executable.");
        var dist = WebDist();
        if (!File.Exists(Path.Combine(dist, "index.html")))
            throw new InvalidOperationException(
                $"The web app is not built ({dist}/index.html is missing). Build it with 'cd web && npm ci && npm run build' (bash test.sh does this first).");

        var port = Loopback.FreePort();
        var data = Directory.CreateTempSubdirectory("parley-e2e-").FullName;
        var server = KestrelParley.Start(port, data, dist);

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            // Root in a container has no user namespace for Chromium's sandbox.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        // The machine is small and shared: generous, but every wait still ends on the condition, never on a timer.
        Assertions.SetDefaultExpectTimeout(20_000);
        Directory.CreateDirectory(ScreenshotFolder);
        return new BrowserSession(server, data, playwright, browser, $"http://127.0.0.1:{port}");
    }

    /// <summary>A fresh browser profile (its own cookies), at desktop size.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseUrl,
            ViewportSize = new() { Width = Desktop.Width, Height = Desktop.Height },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                _cspViolations.Add(message.Text);
        };
        return page;
    }

    /// <summary>
    /// The screen as it is now, at both widths: screenshots, and an axe-core check that fails on any
    /// serious or critical violation.
    /// </summary>
    public static async Task CheckScreenAsync(IPage page, string name)
    {
        foreach (var (label, (width, height)) in new[] { ("desktop", Desktop), ("phone", Phone) })
        {
            await page.SetViewportSizeAsync(width, height);
            // Disabled animations: a resize starts the rail's slide-out transition, which would be caught halfway.
            await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-{label}-{width}x{height}.png"), Animations = ScreenshotAnimations.Disabled });
            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            serious.ShouldBeEmpty($"{name} at {width}×{height}: " + string.Join("; ", serious.Select(v =>
                $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
        }
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
    }

    /// <summary>
    /// First run done behind the browser (the setup page has its own scenario): the organisation and
    /// its admin, and an API client acting as the admin.
    /// </summary>
    public async Task<HttpClient> SetUpAsync(string email, string password, string name = "Ada Admin")
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        (await anonymous.PostAsJsonAsync("/api/v1/setup", new { organizationName = "Acme Support", name, email, password })).EnsureSuccessStatusCode();
        return await ApiAsAsync(email, password);
    }

    /// <summary>
    /// A fresh browser profile signed in as the user (the sign-in page has its own scenario: this
    /// posts the same request from the profile, so the session cookie is the browser's), showing <paramref name="path"/>.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string email, string password, string path)
    {
        var page = await NewPageAsync();
        var signedIn = await page.Context.APIRequest.PostAsync("/api/v1/auth/login", new() { DataObject = new { email, password } });
        signedIn.Ok.ShouldBeTrue($"signing in as {email}: {signedIn.Status}");
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>An API client signed in with a bearer token, for what the test does behind the browser (customers, admin set-up).</summary>
    public async Task<HttpClient> ApiAsAsync(string email, string password)
    {
        using var login = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(BaseUrl) };
        var signedIn = await login.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        signedIn.EnsureSuccessStatusCode();
        var cookies = LoginCookies.From(signedIn);
        using var issue = cookies.Apply(new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = JsonContent.Create(new { name = "e2e", kind = "Integration" }) });
        var issued = await (await login.SendAsync(issue)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Json.IssuedToken>();
        var api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", issued!.Token);
        return api;
    }

    private static string WebDist()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "web", "package.json")))
                return Path.Combine(directory.FullName, "web", "dist");
        }
        throw new InvalidOperationException("The repository's web/ folder was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\(\d+\) Parley$")]
    public static partial Regex TitleWithCount();

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection of a server next door; the temp folder is cleaned later.
        }
    }
}
