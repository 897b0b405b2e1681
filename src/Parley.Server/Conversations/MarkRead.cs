using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>
/// Marks conversations read or unread for the caller — or, for an admin who names forUserId, for
/// that user (the web app confirms first). One user's state never changes another's.
/// </summary>
public sealed class MarkRead(ParleyDbContext db, ConversationAccess access, ILiveBus live, CurrentUser me, TimeProvider clock) : IHandler
{
    public const int MaxIds = 1000;

    public sealed record Request(IReadOnlyList<Guid>? Ids, bool? Read, Guid? ForUserId);

    public sealed record Response(int Changed);

    public async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (request.Ids is not { Count: > 0 and <= MaxIds })
            validation.Add("ids", $"'ids' must list 1 to {MaxIds} conversations.");
        if (request.Read is null)
            validation.Add("read", "'read' is required (true or false).");
        if (!validation.IsValid)
            return validation.ToProblem();
        var userId = request.ForUserId ?? me.Id;
        if (userId != me.Id)
        {
            if (!me.IsAdmin)
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only admins change another user's read state.");
            if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
                return Problem.NotFound("The user");
        }

        var ids = request.Ids!.Distinct().ToList();
        var conversations = await (await access.VisibleAsync(cancellationToken)).AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        if (conversations.Count != ids.Count)
            return Problem.NotFound("One of the conversations");

        var now = clock.GetUtcNow().UtcDateTime;
        var reads = await db.ConversationReads.Where(r => r.UserId == userId && ids.Contains(r.ConversationId)).ToDictionaryAsync(r => r.ConversationId, cancellationToken);
        foreach (var conversation in conversations)
        {
            if (!reads.TryGetValue(conversation.Id, out var read))
                db.ConversationReads.Add(read = new ConversationRead(conversation.Id, userId));
            if (request.Read == true)
                read.MarkRead(now);
            else
                read.MarkUnread();
        }
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAllAsync(conversations.Select(c =>
            LiveNotices.For(c, LiveEvent.ReadChanged, userId, new Dictionary<string, object?> { ["read"] = request.Read })), cancellationToken);
        return TypedResults.Ok(new Response(conversations.Count));
    }
}
