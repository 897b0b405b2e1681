namespace Parley.Maintenance;

/// <summary>
/// Batch sizes (<c>Parley:Maintenance:TransitionBatch</c>, <c>Parley:Maintenance:PurgeBatch</c>):
/// conversations per transaction. A batch holds its rows' locks until it commits, so the size
/// bounds how long an agent's save on one of them can wait. Measured at 1,000,000 conversations
/// (docs/benchmarks.md, "Maintenance sweep"): a transition batch of 5,000 held its locks up to
/// 1.06 s (a move rewrites ten index entries per conversation, since status is indexed), 2,000
/// at most 0.68 s with the sweep no slower; a purge batch of 1,000 (about 10,000 messages and
/// 5,000 views) at most 0.62 s.
/// </summary>
public sealed record MaintenanceOptions(int TransitionBatch = MaintenanceOptions.DefaultTransitionBatch, int PurgeBatch = MaintenanceOptions.DefaultPurgeBatch)
{
    public const int DefaultTransitionBatch = 2_000;
    public const int DefaultPurgeBatch = 1_000;
}
