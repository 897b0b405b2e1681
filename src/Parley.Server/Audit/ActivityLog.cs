using System.Security.Claims;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Audit;

/// <summary>
/// Adds an activity record for the current request to a handler's context, so the handler's own
/// SaveChanges writes it in the same transaction as the change it records.
/// </summary>
public sealed class ActivityLog(IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>Records <paramref name="action"/> by the signed-in caller on the thing with id <paramref name="subjectId"/>.</summary>
    public void Record(ParleyDbContext db, ActivityAction action, Guid? subjectId) =>
        Record(db, action, subjectId, Guid.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null);

    /// <summary>Records an action whose actor the request does not carry yet (a sign-in).</summary>
    public void Record(ParleyDbContext db, ActivityAction action, Guid? subjectId, Guid? userId)
    {
        // After the forwarded-headers middleware: the client's address when a trusted proxy says it.
        var ip = http.HttpContext?.Connection.RemoteIpAddress;
        if (ip is { IsIPv4MappedToIPv6: true })
            ip = ip.MapToIPv4();
        db.ActivityRecords.Add(new ActivityRecord(Ids.New(clock), userId, action, subjectId, ip?.ToString(), clock.GetUtcNow().UtcDateTime));
    }
}
