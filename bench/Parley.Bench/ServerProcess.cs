using System.Collections.Concurrent;
using System.Diagnostics;

namespace Parley.Bench;

/// <summary>Parley.Server.dll (Release) run as a process, the way an operator runs it.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }
    public int Pid => _process.Id;
    public IReadOnlyCollection<string> Output => _lines;

    /// <summary>Builds src/Parley.Server in Release (the bench must measure optimised code) and returns its dll.</summary>
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
        var port = Processes.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        foreach (var argument in (string[])[
            serverDll,
            $"--urls=http://127.0.0.1:{port}",
            "--Parley:Database:Provider=postgres",
            $"--ConnectionStrings:Parley={connectionString}",
            $"--Parley:DataDirectory={dataDirectory}",
            // Request logs at Information would put console I/O into every measured request.
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            .. (settings ?? []).Select(s => "--" + s),
        ])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var server = new ServerProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, new Uri($"http://127.0.0.1:{port}"));
        server._process.OutputDataReceived += (_, e) => server.Receive(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Receive(e.Data);
        server._process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException(
            "The server exited before listening:\n" + string.Join('\n', server._lines)));
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        // A first start migrates the database before it listens.
        await server._listening.Task.WaitAsync(TimeSpan.FromMinutes(3));
        return server;
    }

    private void Receive(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue(line);
        if (line.Contains("Now listening on", StringComparison.Ordinal))
            _listening.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
