namespace Parley.Bench.Sweep;

/// <summary>
/// Statuses for the sweep bench: exactly <c>archive</c> conversations Open and inactive for more
/// than 40 days (the policy archives Open after 30), exactly <c>purge</c> Deleted 60 days or more
/// ago (the buffer is 30), both drawn at random over the history so the moved rows are spread over
/// the tables as a real archive's would be. Every other conversation keeps the read bench's mix,
/// except that none of them is one the policy would move: an Open one inactive for more than
/// 25 days becomes Resolved, and a Deleted one Resolved too.
/// </summary>
public sealed class SweepStatuses
{
    /// <summary>Margins around the policy's 30 days, so minutes between fill and sweep change nothing.</summary>
    public static readonly TimeSpan ArchiveAge = TimeSpan.FromDays(40);
    public static readonly TimeSpan PurgeAge = TimeSpan.FromDays(90);
    private static readonly TimeSpan KeptOpenAge = TimeSpan.FromDays(25);
    private static readonly TimeSpan DeletedAfter = TimeSpan.FromDays(30);

    private const byte Rest = 0, Archive = 1, Purge = 2;
    private readonly Plan _plan;
    private readonly byte[] _kinds;

    public SweepStatuses(Plan plan, int archive, int purge)
    {
        _plan = plan;
        _kinds = new byte[plan.Conversations];
        // Last activity grows with the conversation's number (the history is laid out in time), so
        // the ones old enough for each rule are a prefix.
        var oldForArchive = Prefix(plan, plan.End - ArchiveAge);
        var oldForPurge = Prefix(plan, plan.End - PurgeAge);
        if (purge > oldForPurge || archive + purge > oldForArchive)
            throw new ArgumentException(
                $"{plan.Conversations:N0} conversations hold {oldForPurge:N0} old enough to purge and {oldForArchive:N0} old enough to archive: " +
                $"too few for --purge {purge:N0} and --archive {archive:N0}.");

        var order = new int[oldForArchive];
        for (var i = 0; i < order.Length; i++)
            order[i] = i;
        new Random(5).Shuffle(order);
        int archived = 0, purged = 0;
        foreach (var i in order)
        {
            if (purged < purge && i < oldForPurge)
            {
                _kinds[i] = Purge;
                purged++;
            }
            else if (archived < archive)
            {
                _kinds[i] = Archive;
                archived++;
            }
        }
    }

    public ConversationState Of(int i)
    {
        var last = _plan.LastActivityAt(i);
        switch (_kinds[i])
        {
            case Archive:
                return new ConversationState("Open", null, false);
            case Purge:
                // Archived, then deleted by a rule a month later, and left in the buffer since.
                return new ConversationState("Deleted", "Resolved", false, "Archived", last + DeletedAfter);
        }
        var state = Plan.Status(i, _plan.End - _plan.ConversationCreatedAt(i));
        if (state.Status == "Deleted" || (state.Status == "Open" && last <= _plan.End - KeptOpenAge))
            return new ConversationState("Resolved", null, false);
        return state;
    }

    private static int Prefix(Plan plan, DateTime before)
    {
        var count = 0;
        while (count < plan.Conversations && plan.LastActivityAt(count) <= before)
            count++;
        return count;
    }
}
