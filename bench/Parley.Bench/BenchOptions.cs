using System.Globalization;

namespace Parley.Bench;

public sealed record BenchOptions(
    int Conversations,
    int MessagesPerConversation,
    int Contacts,
    int Agents,
    int Requests,
    string? Connection,
    bool Keep,
    bool Reuse)
{
    // The scale of a busy organisation after a year: the figures the performance targets are set for.
    public static BenchOptions Parse(string[] args)
    {
        var conversations = 1_000_000;
        var messages = 10;
        int? contacts = null;
        var agents = 20;
        var requests = 300;
        string? connection = null;
        var keep = false;
        var reuse = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--conversations": conversations = NextInt(); break;
                case "--messages-per-conversation": messages = NextInt(); break;
                case "--contacts": contacts = NextInt(); break;
                case "--agents": agents = NextInt(); break;
                case "--requests": requests = NextInt(); break;
                case "--connection": connection = Next(); break;
                case "--keep": keep = true; break;
                // Measure again a database an earlier --keep run filled (--connection names it):
                // on a shared, noisy machine a second sample costs minutes instead of a refill.
                case "--reuse": reuse = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (reuse && connection is null)
            throw new ArgumentException("--reuse needs --connection with the Database of a kept bench database.");
        // One contact per five conversations: returning customers, as in the 200k/1M target mix.
        return new BenchOptions(conversations, messages, contacts ?? Math.Max(1, conversations / 5), agents, requests, connection, keep, reuse);
    }
}
