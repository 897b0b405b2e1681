using System.Globalization;

namespace Parley.Bench.Web;

/// <param name="Fill">The read bench's database options (--conversations, --connection, --keep, --reuse …): the same data.</param>
/// <param name="Samples">Timed repetitions of every case.</param>
/// <param name="Warmup">Untimed repetitions of every case first (server JIT, PostgreSQL caches, the browser's compile cache).</param>
/// <param name="Chromium">The browser executable: Debian's Chromium unless PARLEY_CHROMIUM says otherwise.</param>
/// <param name="Profile">Also take a CPU profile of one cold first page and one open, and print where the time went.</param>
/// <param name="WebDist">Serve this build of the app instead of web/dist (e.g. an unminified one, for a readable profile).</param>
public sealed record WebOptions(BenchOptions Fill, int Samples, int Warmup, string Chromium, bool Profile, string? WebDist)
{
    public const string DefaultChromium = "/usr/bin/chromium";

    public static WebOptions Parse(string[] args)
    {
        var samples = 20;
        var warmup = 3;
        var profile = false;
        string? webDist = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            int NextInt() => i + 1 < args.Length
                ? int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture)
                : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--samples": samples = NextInt(); break;
                case "--warmup": warmup = NextInt(); break;
                case "--profile": profile = true; break;
                case "--web-dist": webDist = i + 1 < args.Length ? Path.GetFullPath(args[++i]) : throw new ArgumentException("--web-dist needs a value."); break;
                default: rest.Add(args[i]); break;
            }
        }
        if (samples < 1 || warmup < 0)
            throw new ArgumentException("--samples must be at least 1 and --warmup at least 0.");
        var chromium = Environment.GetEnvironmentVariable("PARLEY_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultChromium;
        return new WebOptions(BenchOptions.Parse([.. rest]), samples, warmup, chromium, profile, webDist);
    }
}
