using Parley.Testing;

namespace Parley.Bench;

/// <summary>Parley.Server.dll built in Release (the bench must measure optimised code), run as a process on PostgreSQL.</summary>
public static class ReleaseServer
{
    public static async Task<string> BuildAsync(string repositoryRoot)
    {
        var project = Path.Combine(repositoryRoot, "src", "Parley.Server", "Parley.Server.csproj");
        await Processes.RunAsync("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "quiet"], workingDirectory: repositoryRoot);
        var dll = Path.Combine(repositoryRoot, "src", "Parley.Server", "bin", "Release", "net10.0", "Parley.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("The Release build did not produce Parley.Server.dll.", dll);
    }

    /// <param name="settings">Further configuration as <c>Key=Value</c> (a tuning knob under test).</param>
    public static async Task<ServerProcess> StartAsync(string serverDll, string connectionString, string dataDirectory, IEnumerable<string>? settings = null)
    {
        var server = ServerProcess.Start(serverDll,
        [
            $"--urls=http://127.0.0.1:{Loopback.FreePort()}",
            "--Parley:Database:Provider=postgres",
            $"--ConnectionStrings:Parley={connectionString}",
            $"--Parley:DataDirectory={dataDirectory}",
            // Request logs at Information would put console I/O into every measured request.
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            .. (settings ?? []).Select(s => "--" + s),
        ]);
        try
        {
            // A first start migrates the database before it listens.
            await server.WaitUntilListeningAsync(TimeSpan.FromMinutes(3));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
