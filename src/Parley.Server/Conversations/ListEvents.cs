using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Conversations;

public sealed class ListEvents(ParleyDbContext db, ConversationTimeline timeline) : IHandler
{
    public async Task<Results<Ok<Page<EventResponse>>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, string? cursor, int? limit, string? order, CancellationToken cancellationToken)
    {
        var result = await timeline.PageAsync(db.ConversationEvents, id, cursor, limit, order, cancellationToken);
        if (result.Result is not Ok<Page<ConversationEvent>> { Value: { } page })
            return result.Result switch { ValidationProblem invalid => invalid, ProblemHttpResult problem => problem, _ => throw new InvalidOperationException() };
        return TypedResults.Ok(new Page<EventResponse>(
            [.. page.Items.Select(EventResponse.Of)], page.NextCursor));
    }
}
