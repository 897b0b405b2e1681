using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Channels;

public sealed class GetChannel(ParleyDbContext db, ChannelViews views) : IHandler
{
    public async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken) =>
        await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } channel
            ? TypedResults.Ok(views.From(channel))
            : Problem.NotFound("The channel");
}
