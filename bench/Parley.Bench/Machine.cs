using System.Diagnostics;
using System.Globalization;

namespace Parley.Bench;

/// <summary>The machine a run measures on: where the repository is, how loaded the cores are, and who used them.</summary>
public static class Machine
{
    // /proc reports CPU time in clock ticks of USER_HZ, which is 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Parley.slnx")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Run the bench from the repository (dotnet run --project bench/Parley.Bench): Parley.slnx was not found above it.");
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() + $" (1, 5, 15 min; {Environment.ProcessorCount} cores)" : "unknown";

    /// <summary>
    /// CPU seconds used so far by the whole machine and by each party of a run. PostgreSQL is the
    /// postmaster with its live backends plus what its exited backends left in its children's times.
    /// </summary>
    public static CpuTimes SampleCpu(int? serverPid, int? postmasterPid)
    {
        var machine = File.Exists("/proc/stat") ? File.ReadLines("/proc/stat").First() : null;
        double busy = 0, idle = 0, steal = 0;
        if (machine is not null)
        {
            // cpu user nice system idle iowait irq softirq steal
            var fields = machine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            busy = (fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) / TicksPerSecond;
            idle = (fields[3] + fields[4]) / TicksPerSecond;
            steal = fields[7] / TicksPerSecond;
        }
        var postgres = 0.0;
        if (postmasterPid is { } postmaster)
        {
            foreach (var process in Processes())
            {
                if (process.Pid == postmaster)
                    postgres += process.Own + process.Children;
                else if (process.ParentPid == postmaster)
                    postgres += process.Own;
            }
        }
        var server = serverPid is { } pid ? Processes().Where(p => p.Pid == pid).Sum(p => p.Own) : 0;
        return new CpuTimes(busy, idle, steal, server, postgres, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
    }

    private static IEnumerable<(int Pid, int ParentPid, double Own, double Children)> Processes()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            // pid (comm) state ppid … utime(14) stime(15) cutime(16) cstime(17); comm may hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double Field(int number) => double.Parse(fields[number - 3], CultureInfo.InvariantCulture) / TicksPerSecond;
            yield return (pid, int.Parse(fields[1], CultureInfo.InvariantCulture), Field(14) + Field(15), Field(16) + Field(17));
        }
    }
}

/// <summary>CPU seconds: the machine busy, idle and stolen by the hypervisor; the server, PostgreSQL and the bench itself.</summary>
public sealed record CpuTimes(double Busy, double Idle, double Steal, double Server, double Postgres, double Bench)
{
    public static CpuTimes operator -(CpuTimes after, CpuTimes before) => new(
        after.Busy - before.Busy, after.Idle - before.Idle, after.Steal - before.Steal,
        after.Server - before.Server, after.Postgres - before.Postgres, after.Bench - before.Bench);

    /// <summary>Each party's share in cores (1.0 = one core busy throughout), over <paramref name="seconds"/>.</summary>
    public string Describe(double seconds) => string.Create(CultureInfo.InvariantCulture,
        $"machine busy {Busy / seconds:F2} cores, idle {Idle / seconds:F2}, steal {Steal / seconds:F2}; " +
        $"server {Server / seconds:F2}, postgres {Postgres / seconds:F2}, bench (load generator) {Bench / seconds:F2}; " +
        $"others {(Busy - Server - Postgres - Bench) / seconds:F2}");
}
