using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Parley.ProviderSimulator;

namespace Parley.Tests.Simulator;

/// <summary>The provider simulator on real Kestrel over loopback, as Parley and the demo reach it.</summary>
public sealed class RunningSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningSimulator(WebApplication app, string baseUrl)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public HttpClient Client { get; }

    public static async Task<RunningSimulator> StartAsync(params string[] settings)
    {
        var app = SimulatorProgram.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningSimulator(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
