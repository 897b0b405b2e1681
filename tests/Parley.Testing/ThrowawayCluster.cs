using System.Diagnostics;
using System.Globalization;

namespace Parley.Testing;

/// <summary>
/// A PostgreSQL cluster of its own in a temp folder, from the machine's initdb and pg_ctl, on a free
/// loopback port, as the postgres user when run as root (PostgreSQL refuses root). It stops when
/// disposed or, at the latest, when the process exits, unless <see cref="ClusterOptions.Keep"/>.
/// </summary>
public sealed class ThrowawayCluster : IAsyncDisposable
{
    // Marks a cluster left running on purpose, so that no later start removes it as abandoned.
    private const string KeptMarker = "kept";

    private readonly string _pgCtl;
    private readonly string? _runAs;
    private readonly bool _keep;
    private int _stopped;

    private ThrowawayCluster(string pgCtl, string root, string? runAs, bool keep, string connectionString)
    {
        _pgCtl = pgCtl;
        Root = root;
        _runAs = runAs;
        _keep = keep;
        ConnectionString = connectionString;
    }

    public static bool IsInstalled => FindBinary("pg_ctl") is not null;

    public string Root { get; }
    private string Data => Path.Combine(Root, "data");
    public string LogFile => Path.Combine(Root, "log");

    /// <summary>As user parley (trusted, no password) to the postgres database, with <see cref="ClusterOptions.ConnectionOptions"/>.</summary>
    public string ConnectionString { get; }

    /// <summary>The postmaster's process id, to account PostgreSQL's CPU time.</summary>
    public int PostmasterPid => int.Parse(File.ReadLines(Path.Combine(Data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public static async Task<ThrowawayCluster> StartAsync(ClusterOptions options)
    {
        var pgCtl = FindBinary("pg_ctl") ?? throw new InvalidOperationException("PostgreSQL was not found: no pg_ctl on PATH or under /usr/lib/postgresql.");
        var initDb = Path.Combine(Path.GetDirectoryName(pgCtl)!, "initdb");
        if (!File.Exists(initDb))
            initDb = FindBinary("initdb") ?? throw new InvalidOperationException("initdb was not found next to pg_ctl.");
        var runAs = Environment.UserName == "root" ? "postgres" : null;

        await RemoveAbandonedAsync(options.Name, pgCtl, runAs);
        // Short: the server's socket lives in this folder, and a socket's path is limited to 107 bytes.
        var root = Path.Combine(Path.GetTempPath(), $"{options.Name}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        if (options.Keep)
            await File.WriteAllTextAsync(Path.Combine(root, KeptMarker), "");
        if (runAs is not null)
            await Processes.RunAsync("chown", [$"{runAs}:{runAs}", root]);

        var data = Path.Combine(root, "data");
        await Processes.RunAsync(initDb,
            ["-D", data, "-U", "parley", "--auth=trust", "--encoding=UTF8", $"--locale={options.Locale}", .. options.Durable ? (string[])[] : ["--no-sync"]],
            runAs);
        var port = Loopback.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["listen_addresses"] = "'127.0.0.1'",
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
            ["unix_socket_directories"] = $"'{root}'",
        };
        if (!options.Durable)
        {
            settings["fsync"] = "off";
            settings["synchronous_commit"] = "off";
            settings["full_page_writes"] = "off";
        }
        foreach (var (name, value) in options.Settings)
            settings[name] = value;
        await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"),
            "\n" + string.Concat(settings.Select(s => $"{s.Key} = {s.Value}\n")));
        await Processes.RunAsync(pgCtl, ["-D", data, "-l", Path.Combine(root, "log"), "-w", "-t", "120", "start"], runAs);

        var connectionString = $"Host=127.0.0.1;Port={port};Username=parley;Database=postgres" + (options.ConnectionOptions.Length > 0 ? ";" + options.ConnectionOptions : "");
        var cluster = new ThrowawayCluster(pgCtl, root, runAs, options.Keep, connectionString);
        // Callers that hold it for the whole run (the tests) never dispose it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopAtExit();
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        if (_keep)
        {
            Console.WriteLine($"PostgreSQL kept running: {ConnectionString} (data in {Data}; stop with: runuser -u postgres -- {_pgCtl} -D {Data} stop)");
            return;
        }
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
            return;
        try
        {
            await Processes.RunAsync(_pgCtl, ["-D", Data, "-m", "fast", "-w", "stop"], _runAs);
        }
        finally
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException e)
            {
                // Cleaning up must not hide why a run stopped (this runs while an exception unwinds).
                Console.WriteLine($"could not remove {Root}: {e.Message}");
            }
        }
    }

    private void StopAtExit()
    {
        if (_keep || Interlocked.Exchange(ref _stopped, 1) == 1)
            return;
        try
        {
            Processes.RunAsync(_pgCtl, ["-D", Data, "-m", "immediate", "stop"], _runAs).GetAwaiter().GetResult();
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // The temp folder is all that is left behind; the next start removes it.
        }
    }

    // A run that was killed leaves its cluster behind; stop it and remove its folder.
    private static async Task RemoveAbandonedAsync(string name, string pgCtl, string? runAs)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), name + "-*"))
        {
            var owner = Path.GetFileName(folder)[(name.Length + 1)..].Split('-')[0];
            if (!int.TryParse(owner, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid) || File.Exists(Path.Combine(folder, KeptMarker)))
                continue;
            try
            {
                var data = Path.Combine(folder, "data");
                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                    await Processes.RunAsync(pgCtl, ["-D", data, "-m", "immediate", "stop"], runAs);
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // Someone else's, or already gone.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? FindBinary(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        if (!Directory.Exists("/usr/lib/postgresql"))
            return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .Select(d => Path.Combine(d, "bin", name))
            .FirstOrDefault(File.Exists);
    }
}
