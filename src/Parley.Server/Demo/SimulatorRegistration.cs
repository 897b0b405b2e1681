using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Channels;
using Parley.Platform.Cli;
using Parley.Platform.Persistence;

namespace Parley.Demo;

/// <summary>
/// The demo's WhatsApp channel tells the provider simulator where its webhooks go (Meta learns
/// that from the app's configuration; the simulator from <c>POST /_sim/whatsapp/register</c>), so
/// replies come back with ticks without a manual step. Only channels that point at the demo's
/// simulator with the demo's published secrets are registered; the simulator forgets on restart,
/// so this repeats every 15 seconds and is quiet while the simulator is not running.
/// </summary>
public sealed partial class SimulatorRegistration(IServiceScopeFactory scopes, IHttpClientFactory http, IConfiguration configuration, ILogger<SimulatorRegistration> logger)
{
    public string SimulatorUrl => (configuration["Parley:Demo:SimulatorUrl"] ?? "http://127.0.0.1:9000").TrimEnd('/');

    /// <returns>How many channels the simulator accepted.</returns>
    public async Task<int> RegisterAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<ChannelSecrets>();
        var urls = scope.ServiceProvider.GetRequiredService<PublicUrls>();
        var channels = await db.Channels.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AsNoTracking()
            .Where(c => c.Type == ChannelType.WhatsApp && c.IsActive)
            .ToListAsync(cancellationToken);
        var registered = 0;
        foreach (var channel in channels)
        {
            var settings = secrets.Unprotect(channel.ProtectedSettings);
            if (settings.AppSecret != DemoData.SimulatorSecret("meta-app") || settings.BaseUrl?.TrimEnd('/') != SimulatorUrl)
                continue;
            try
            {
                using var response = await http.CreateClient(ProviderHttp.ClientName).PostAsJsonAsync($"{SimulatorUrl}/_sim/whatsapp/register", new
                {
                    phoneNumberId = settings.PhoneNumberId,
                    webhookUrl = urls.WebhooksFor(channel)["callback"],
                    appSecret = settings.AppSecret,
                    accessToken = settings.AccessToken,
                    displayPhoneNumber = channel.PhoneNumber?.TrimStart('+'),
                }, cancellationToken);
                if (response.IsSuccessStatusCode)
                    registered++;
            }
            catch (HttpRequestException e)
            {
                LogUnreachable(logger, SimulatorUrl, e.Message);
            }
        }
        return registered;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The provider simulator at {SimulatorUrl} is not reachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string simulatorUrl, string reason);
}

internal sealed class SimulatorRegistrationService(SimulatorRegistration registration, TimeProvider clock, ILogger<SimulatorRegistrationService> logger)
    : Platform.Scheduling.PeriodicService(TimeSpan.FromSeconds(15), clock, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => registration.RegisterAsync(cancellationToken);
}

public static class DemoExtensions
{
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SimulatorRegistration>();
        builder.Services.AddSingleton<IDemoSeeder, DemoSeeder>();
        // Tests call SimulatorRegistration.RegisterAsync themselves.
        if (builder.Configuration.GetValue("Parley:Demo:RegisterWithSimulator", true))
            builder.Services.AddHostedService<SimulatorRegistrationService>();
        return builder;
    }
}
