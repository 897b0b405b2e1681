using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Parley.Conversations;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Live;

/// <summary>
/// The signed-in caller's live updates as server-sent events: every change of their organisation
/// that the caller may see by the inbox rule (<see cref="ConversationAccess.CanSee"/>), a user's
/// read state only to that user, and an assignment always to its new assignee (SPEC §2). Named
/// LiveStream, not Stream, so it never shadows System.IO.Stream where Parley.Live is imported.
/// </summary>
public sealed class LiveStream(ParleyDbContext db, ILiveBus bus, CurrentUser me, IHostApplicationLifetime lifetime, TimeProvider clock) : IHandler
{
    // Proxies and load balancers close a connection that stays silent for about a minute.
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    // Team membership and channel routing change rarely: at most a minute of lag on who sees what
    // is the price of not querying per event. A channel the stream has not heard of reloads at once.
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    private bool _isAdmin;
    private HashSet<Guid> _teamIds = [];
    private Dictionary<Guid, Guid?> _channelTeams = [];
    private DateTimeOffset _loadedAt;

    public async Task Handle(HttpContext http)
    {
        var stamp = http.User.FindFirstValue(Authentication.StampClaim);
        if (!await LoadAsync(stamp, http.RequestAborted))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // nginx would otherwise hold events back in its buffer.
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Ends the subscription and the heartbeat however the loop ends. A stopping node ends its
        // streams at once so browsers reconnect to another node, rather than holding shutdown open.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;
        var events = bus.SubscribeAsync(me.OrganizationId, cancellationToken).GetAsyncEnumerator(cancellationToken);
        // Asking for the first event puts the subscription in place, so whatever commits after
        // the client read ": connected" reaches it.
        var nextEvent = events.MoveNextAsync().AsTask();
        using var heartbeat = new PeriodicTimer(Heartbeat, clock);
        var nextBeat = Task.FromResult(true);
        try
        {
            await WriteAsync(response, "retry: 5000\n: connected\n\n", cancellationToken);
            nextBeat = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
            while (true)
            {
                if (await Task.WhenAny(nextEvent, nextBeat) == nextBeat)
                {
                    await nextBeat;
                    await WriteAsync(response, ": ping\n\n", cancellationToken);
                    nextBeat = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
                    continue;
                }
                if (!await nextEvent)
                    return;
                var liveEvent = events.Current;
                switch (await DecideAsync(liveEvent, stamp, cancellationToken))
                {
                    case Decision.Send:
                        var data = JsonSerializer.Serialize(liveEvent, LiveJson.Options);
                        await WriteAsync(response, $"event: {liveEvent.Type}\ndata: {data}\n\n", cancellationToken);
                        break;
                    case Decision.SignedOut:
                        return;
                }
                nextEvent = events.MoveNextAsync().AsTask();
            }
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            // The client went away or the node is stopping: the normal end of a stream.
        }
        finally
        {
            await stop.CancelAsync();
            // An async iterator cannot be disposed while it waits; let it see the cancellation first.
            await Task.WhenAll(nextEvent, nextBeat).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await events.DisposeAsync();
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private enum Decision
    {
        Send,
        Skip,
        SignedOut,
    }

    private async Task<Decision> DecideAsync(LiveEvent liveEvent, string? stamp, CancellationToken cancellationToken)
    {
        if (liveEvent.OrganizationId != me.OrganizationId)
            return Decision.Skip;
        if (liveEvent.Type == LiveEvent.ReadChanged)
            return liveEvent.ForUserId == me.Id ? Decision.Send : Decision.Skip;
        if (liveEvent.Type == LiveEvent.Assigned && liveEvent.ForUserId == me.Id)
            return Decision.Send;
        if ((clock.GetUtcNow() - _loadedAt >= RefreshEvery || !_channelTeams.ContainsKey(liveEvent.ChannelId)) && !await LoadAsync(stamp, cancellationToken))
            return Decision.SignedOut;
        var channelTeam = _channelTeams.GetValueOrDefault(liveEvent.ChannelId);
        if (ConversationAccess.CanSee(_isAdmin, me.Id, _teamIds, liveEvent.Status, liveEvent.AssigneeId, liveEvent.TeamId, channelTeam))
            return Decision.Send;
        // A move takes the conversation out of the old team's inboxes (and its old assignee's):
        // they are told too, so their lists drop it.
        return liveEvent.Type == LiveEvent.Moved
            && ConversationAccess.CanSee(_isAdmin, me.Id, _teamIds, liveEvent.Status, liveEvent.DataGuid("fromAssigneeId"), liveEvent.DataGuid("fromTeamId"), channelTeam)
            ? Decision.Send
            : Decision.Skip;
    }

    /// <returns>false when the caller's session no longer holds (user deleted, password reset).</returns>
    private async Task<bool> LoadAsync(string? stamp, CancellationToken cancellationToken)
    {
        // A stream outlives the per-request session check, so it repeats that check here.
        var user = await db.Users.AsNoTracking().Where(u => u.Id == me.Id).Select(u => new { u.Role, u.SecurityStamp }).SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.SecurityStamp != stamp)
            return false;
        _isAdmin = user.Role == UserRole.Admin;
        _teamIds = [.. await db.TeamMembers.AsNoTracking().Where(m => m.UserId == me.Id).Select(m => m.TeamId).ToListAsync(cancellationToken)];
        _channelTeams = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.TeamId, cancellationToken);
        _loadedAt = clock.GetUtcNow();
        return true;
    }
}
