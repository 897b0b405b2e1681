using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// Parley.Server.dll run as a real process, the way an operator runs it; its console output is
/// captured line by line.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
    }

    public IReadOnlyCollection<string> Output => _lines;
    /// <summary>The lines written to stderr alone (they are in <see cref="Output"/> too).</summary>
    public IReadOnlyCollection<string> Errors => _errors;
    public int ExitCode => _process.ExitCode;

    public static ServerProcess Start(params string[] arguments)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "Parley.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(serverDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var server = new ServerProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        server._process.OutputDataReceived += (_, e) => server.Receive(e.Data);
        server._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                server._errors.Enqueue(e.Data);
            server.Receive(e.Data);
        };
        server._process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException(
            "The server exited before listening:\n" + string.Join('\n', server._lines)));
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    private void Receive(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue(line);
        if (line.Contains("Now listening on", StringComparison.Ordinal))
            _listening.TrySetResult();
        foreach (var (text, seen) in _awaited)
        {
            if (line.Contains(text, StringComparison.Ordinal))
                seen.TrySetResult();
        }
    }

    private readonly ConcurrentBag<(string Text, TaskCompletionSource Seen)> _awaited = [];

    /// <summary>Completes when a line containing <paramref name="text"/> is written (or already was).</summary>
    public Task WaitForOutputAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaited.Add((text, seen));
        if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            seen.TrySetResult();
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public Task WaitUntilListeningAsync() => _listening.Task.WaitAsync(TimeSpan.FromSeconds(60));

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
