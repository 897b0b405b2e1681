using System.Globalization;

namespace Parley.Bench.Webhooks;

/// <param name="Seconds">How long the timed load runs (and the raw-insert reference after it).</param>
/// <param name="Concurrency">Requests in flight at once, each on its own connection; the raw reference uses as many database connections.</param>
/// <param name="Contacts">Distinct customers the messages come from; the first message of each opens its conversation.</param>
/// <param name="Warmup">Untimed inbound webhooks first: they open the conversations whose outbound messages receive statuses.</param>
/// <param name="WarmSeconds">Then the load's own mix, untimed, this long: a server is measured warm (JIT tiers settled), as it runs in production.</param>
/// <param name="MaxRate">Webhooks per second the pre-computed traffic is sized for; a run that uses them all up ends early and says so.</param>
/// <param name="ServerSettings">Extra server configuration (Key=Value), e.g. a batch size under test.</param>
/// <param name="ConnectionOptions">Appended to the server's connection string (e.g. Npgsql's "Max Auto Prepare=0" to compare).</param>
public sealed record WebhookOptions(
    int Seconds,
    int Concurrency,
    int Contacts,
    int Warmup,
    int WarmSeconds,
    int MaxRate,
    string? Connection,
    bool Keep,
    bool SkipRaw,
    IReadOnlyList<string> ServerSettings,
    string? ConnectionOptions)
{
    public static WebhookOptions Parse(string[] args)
    {
        var seconds = 30;
        var concurrency = 32;
        var contacts = 20_000;
        var warmup = 2_000;
        var warmSeconds = 20;
        var maxRate = 5_000;
        string? connection = null;
        var keep = false;
        var skipRaw = false;
        var settings = new List<string>();
        string? connectionOptions = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--seconds": seconds = NextInt(); break;
                case "--concurrency": concurrency = NextInt(); break;
                case "--contacts": contacts = NextInt(); break;
                case "--warmup": warmup = NextInt(); break;
                case "--warm-seconds": warmSeconds = NextInt(); break;
                case "--max-rate": maxRate = NextInt(); break;
                case "--connection": connection = Next(); break;
                case "--keep": keep = true; break;
                case "--skip-raw": skipRaw = true; break;
                case "--server": settings.Add(Next()); break;
                case "--connection-options": connectionOptions = Next(); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (warmup < 100 || contacts < warmup)
            throw new ArgumentException("--warmup must be at least 100 and at most --contacts.");
        return new WebhookOptions(seconds, concurrency, contacts, warmup, warmSeconds, maxRate, connection, keep, skipRaw, settings, connectionOptions);
    }
}
