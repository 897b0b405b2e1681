using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Tests.EndToEnd;

/// <summary>
/// The whole Parley server, configured as an operator runs it (production environment, a fresh
/// SQLite database, background delivery on), on real Kestrel over loopback so that a browser and
/// the provider simulator reach it; hosted in the test process only so that its clock is the
/// test's <see cref="ShiftableClock"/>.
/// </summary>
internal sealed class KestrelParley : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private KestrelParley(Dictionary<string, string?> settings)
    {
        _settings = settings;
    }

    public ShiftableClock Clock { get; } = new();

    public static KestrelParley Start(int port, string dataDirectory, string webDist)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        var host = new KestrelParley(new()
        {
            ["Parley:DataDirectory"] = dataDirectory,
            ["Parley:WebApp:Path"] = webDist,
            // Providers (the simulator) call back on this address; background sends have no request to take it from.
            ["Parley:PublicBaseUrl"] = baseUrl,
            // The scenarios register their WhatsApp channels with the simulator themselves.
            ["Parley:Demo:RegisterWithSimulator"] = "false",
            // Quartz keeps its schedulers in a process-wide repository by name, so two servers in one
            // test process would share one (and one's shutdown would stop the other's); no scenario runs the sweep.
            ["Parley:Maintenance:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // Start-up notices (the address UseKestrel overrides, keys kept unencrypted in the temp folder) are expected here.
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        });
        host.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        host.StartServer();
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            // The app's clock only: a keyed TimeProvider (Quartz's wall clock for its scheduler) stays.
            foreach (var clock in services.Where(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService).ToList())
                services.Remove(clock);
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}

/// <summary>
/// The wall clock, running (timers, background passes and sessions behave as in production), which a
/// test may set back for a moment: what the server records meanwhile happened that long ago.
/// </summary>
public sealed class ShiftableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Runs <paramref name="action"/> with the clock <paramref name="ago"/> behind, then puts it right.</summary>
    public async Task<T> AgoAsync<T>(TimeSpan ago, Func<Task<T>> action)
    {
        Interlocked.Exchange(ref _offsetTicks, -ago.Ticks);
        try
        {
            return await action();
        }
        finally
        {
            Interlocked.Exchange(ref _offsetTicks, 0);
        }
    }
}
