namespace Parley.Testing;

/// <summary>How a <see cref="ThrowawayCluster"/> differs between its callers.</summary>
public sealed class ClusterOptions
{
    /// <summary>
    /// The start of its folder's name in the temp folder. A later start with the same name stops and
    /// removes the clusters of processes that are gone (a run that was killed), unless kept.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>
    /// false: fsync, synchronous_commit and full_page_writes off and initdb without syncing. Faster,
    /// and a crash loses the cluster, which a test run never needs to survive; figures meant to hold
    /// for a real installation need true.
    /// </summary>
    public bool Durable { get; init; } = true;

    /// <summary>initdb's --locale: it decides case mapping and collation, so callers keep theirs.</summary>
    public string Locale { get; init; } = "C";

    /// <summary>postgresql.conf lines, the value as the file wants it (strings quoted).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Npgsql settings appended to <see cref="ThrowawayCluster.ConnectionString"/> (pool size, timeouts).</summary>
    public string ConnectionOptions { get; init; } = "";

    /// <summary>Leave it running after the process, to look into; it is then never removed as abandoned.</summary>
    public bool Keep { get; init; }
}
