using Parley.ProviderSimulator.Control;
using Parley.ProviderSimulator.Delivery;
using Parley.ProviderSimulator.Twilio;
using Parley.ProviderSimulator.WhatsApp;

namespace Parley.ProviderSimulator;

/// <summary>
/// A stand-in for Twilio and the WhatsApp Cloud API, speaking their documented wire formats on one
/// port, so Parley's channels can be exercised end to end without the internet.
/// </summary>
public static class SimulatorProgram
{
    public static async Task Main(string[] args) => await Build(args).RunAsync();

    /// <summary>Tests call this to host the simulator in-process on a port of their choosing.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Request-by-request framework logs drown the simulator's own lines in a demo; no appsettings.json
        // because the test project would copy it over Parley.Server's.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddOptions<SimulatorOptions>().Bind(builder.Configuration.GetSection(SimulatorOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SimulatorState>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<CallbackQueue>();
        builder.Services.AddSingleton<MediaFetcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CallbackQueue>());
        builder.Services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHttpClient(MediaFetcher.ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapTwilioApi();
        app.MapTwilioMedia();
        app.MapWhatsAppApi();
        app.MapWhatsAppMedia();
        app.MapSimulatorControl();
        return app;
    }
}
