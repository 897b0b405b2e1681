using System.Collections.Concurrent;
using System.Diagnostics;

namespace Parley.Testing;

/// <summary>
/// Parley.Server.dll run as a real process, the way an operator runs it; its console output is
/// captured line by line.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Uri? _address;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentBag<(string Text, TaskCompletionSource Seen)> _awaited = [];
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private ServerProcess(Process process, Uri? address)
    {
        _process = process;
        _address = address;
    }

    /// <summary>The first address of the <c>--urls=</c> argument it was started with.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("The server was started without --urls=.");
    public int Pid => _process.Id;
    public IReadOnlyCollection<string> Output => _lines;
    /// <summary>The lines written to stderr alone (they are in <see cref="Output"/> too).</summary>
    public IReadOnlyCollection<string> Errors => _errors;
    public int ExitCode => _process.ExitCode;

    /// <summary>Runs the Parley.Server.dll in the caller's build output (a project that references the server).</summary>
    public static ServerProcess Start(params string[] arguments) =>
        Start(Path.Combine(AppContext.BaseDirectory, "Parley.Server.dll"), arguments);

    public static ServerProcess Start(string serverDll, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        start.ArgumentList.Add(serverDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var urls = start.ArgumentList.FirstOrDefault(a => a.StartsWith("--urls=", StringComparison.Ordinal));

        var server = new ServerProcess(new Process { StartInfo = start, EnableRaisingEvents = true },
            urls is null ? null : new Uri(urls["--urls=".Length..].Split(';')[0]));
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

    /// <summary>Completes when a line containing <paramref name="text"/> is written (or already was).</summary>
    public Task WaitForOutputAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaited.Add((text, seen));
        if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
            seen.TrySetResult();
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <param name="timeout">60 s unless given (a first start on a large database migrates before it listens).</param>
    public Task WaitUntilListeningAsync(TimeSpan? timeout = null) => _listening.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

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
