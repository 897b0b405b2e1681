using System.Globalization;

namespace Parley.Bench.Sweep;

/// <param name="Conversations">Conversations filled (the read bench's history, with <see cref="SweepStatuses"/>).</param>
/// <param name="Archive">Of them, Open and inactive past the policy's 30 days: the sweep archives exactly these.</param>
/// <param name="Purge">Of them, Deleted longer than the 30-day buffer: the sweep purges exactly these, with their rows.</param>
/// <param name="InboxInterval">How often the inbox is requested during the sweep: a steady trickle of agents, not a load test.</param>
/// <param name="ServerSettings">Extra server configuration (Key=Value), e.g. <c>Parley:Maintenance:PurgeBatch=500</c>.</param>
public sealed record SweepOptions(
    int Conversations,
    int MessagesPerConversation,
    int Archive,
    int Purge,
    TimeSpan InboxInterval,
    string? Connection,
    bool Keep,
    IReadOnlyList<string> ServerSettings)
{
    // The figures of issue #5: 1,000,000 conversations and 10,000,000 messages; archive 500,000, purge 200,000.
    public static SweepOptions Parse(string[] args)
    {
        var conversations = 1_000_000;
        var messages = 10;
        int? archive = null;
        int? purge = null;
        var intervalMs = 100;
        string? connection = null;
        var keep = false;
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--conversations": conversations = NextInt(); break;
                case "--messages-per-conversation": messages = NextInt(); break;
                case "--archive": archive = NextInt(); break;
                case "--purge": purge = NextInt(); break;
                case "--inbox-interval-ms": intervalMs = NextInt(); break;
                case "--connection": connection = Next(); break;
                case "--keep": keep = true; break;
                case "--server": settings.Add(Next()); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        // Half archived and a fifth purged at any scale, as in the issue.
        return new SweepOptions(conversations, messages, archive ?? conversations / 2, purge ?? conversations / 5,
            TimeSpan.FromMilliseconds(intervalMs), connection, keep, settings);
    }

    /// <summary>The fill's shape: the read bench's defaults for everything the sweep does not look at.</summary>
    public BenchOptions Fill() => new(Conversations, MessagesPerConversation, Math.Max(1, Conversations / 5), Agents: 20, Requests: 0, Connection, Keep, Reuse: false);
}
