using Parley.Platform.Cli;

namespace Parley.Demo;

internal sealed class DemoSeeder(IServiceProvider services) : IDemoSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var password = await DemoData.SeedAsync(services, cancellationToken);
        // Written to the console for the person starting the server, never to the logs.
        Console.WriteLine(password is null
            ? "The database already has users; the demo data was not added."
            : $"""

              Demo organisation ready. Sign in as {DemoData.AdminEmail} with password: {password}
              (alice@, bilal@, chen@ and dana@demo.local are agents with the same password.)
              The "Support SMS" and "WhatsApp" channels talk to the provider simulator:
                dotnet run --project tools/Parley.ProviderSimulator -- --urls http://127.0.0.1:9000
              Its control API sends signed customer messages (see tools/Parley.ProviderSimulator/README.md);
              the demo's provider secrets are {DemoData.SimulatorSecret("twilio")} (Twilio auth token) and {DemoData.SimulatorSecret("meta-app")} (Meta app secret).

              """);
    }
}
