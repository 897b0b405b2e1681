namespace Parley.Channels;

/// <summary>A conversation's customer care window as the composer shows it.</summary>
/// <param name="Open">Whether free-form replies may be sent now.</param>
/// <param name="ClosesAt">When it closes (or closed): 24 hours after the customer's last message; null when the customer never wrote.</param>
public sealed record CareWindowState(bool Open, DateTime? ClosesAt)
{
    /// <summary>A window that closes <paramref name="length"/> after the customer's last message (closed if they never wrote).</summary>
    public static CareWindowState After(TimeSpan length, DateTime? lastInboundAt, DateTime now)
    {
        var closesAt = lastInboundAt + length;
        return new CareWindowState(now < closesAt, closesAt);
    }
}

/// <summary>
/// The one reading of a channel's care window (<see cref="IChannelAdapter.CareWindow"/>): replies
/// are refused by it and conversations show it.
/// </summary>
public static class CareWindow
{
    /// <summary>Whether free-form replies may go out now; always on a channel without a window.</summary>
    public static bool IsOpen(IChannelAdapter channel, DateTime? lastInboundAt, DateTime now) =>
        channel.CareWindow(lastInboundAt, now)?.Open ?? true;
}
