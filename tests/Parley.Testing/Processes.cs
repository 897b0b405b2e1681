using System.Diagnostics;

namespace Parley.Testing;

public static class Processes
{
    /// <summary>Runs a command to its end and returns its standard output; a non-zero exit throws with both outputs.</summary>
    /// <param name="asUser">Run through <c>runuser</c> as this user (root may do so without a password).</param>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string? asUser = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(asUser is null ? file : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        if (asUser is not null)
        {
            foreach (var a in (string[])["-u", asUser, "--", file])
                start.ArgumentList.Add(a);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error}{await output}");
        return await output;
    }
}
