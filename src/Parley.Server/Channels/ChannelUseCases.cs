using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Channels;

public sealed record ChannelResponse(Guid Id, ChannelType Type, string Name, Guid? TeamId, bool IsActive, DateTime CreatedAt)
{
    public static ChannelResponse From(Channel c) => new(c.Id, c.Type, c.Name, c.TeamId, c.IsActive, c.CreatedAt);
}

public sealed class ListChannels(ParleyDbContext db) : IHandler
{
    // An organisation has a handful of channels; the list is short enough to need no paging.
    public async Task<IReadOnlyList<ChannelResponse>> Handle(CancellationToken cancellationToken) =>
        (await db.Channels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken)).ConvertAll(ChannelResponse.From);
}

public sealed class GetChannel(ParleyDbContext db) : IHandler
{
    public async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken) =>
        await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } channel
            ? TypedResults.Ok(ChannelResponse.From(channel))
            : Problem.NotFound("The channel");
}

public sealed class CreateChannel(ParleyDbContext db, TimeProvider clock) : IHandler
{
    public sealed record Request(ChannelType? Type, string? Name, Guid? TeamId);

    public async Task<Results<Created<ChannelResponse>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("name", request.Name, 100);
        if (request.Type is null)
            validation.Add("type", "'type' is required.");
        else if (request.Type != ChannelType.Api)
            validation.Add("type", "Only 'api' channels can be created so far; SMS and WhatsApp come with their providers.");
        if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            validation.Add("teamId", "No such team.");
        if (!validation.IsValid)
            return validation.ToProblem();
        var name = request.Name!.Trim();
        if (await db.Channels.AnyAsync(c => c.Name == name, cancellationToken))
            return Problem.Conflict("A channel with this name already exists.");

        var channel = new Channel(Ids.New(clock), request.Type!.Value, name, request.TeamId, clock.GetUtcNow().UtcDateTime);
        db.Channels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/channels/{channel.Id}", ChannelResponse.From(channel));
    }
}

public sealed class UpdateChannel(ParleyDbContext db) : IHandler
{
    /// <param name="TeamId">Guid.Empty clears the routing team.</param>
    public sealed record Request(string? Name, Guid? TeamId, bool? IsActive);

    public async Task<Results<Ok<ChannelResponse>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
            return Problem.NotFound("The channel");
        var validation = new Validation();
        if (request.Name is not null)
            validation.Required("name", request.Name, 100);
        if (request.TeamId is { } teamId && teamId != Guid.Empty && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            validation.Add("teamId", "No such team.");
        if (!validation.IsValid)
            return validation.ToProblem();
        if (request.Name is not null)
        {
            var name = request.Name.Trim();
            if (await db.Channels.AnyAsync(c => c.Name == name && c.Id != id, cancellationToken))
                return Problem.Conflict("A channel with this name already exists.");
            channel.Rename(name);
        }
        if (request.TeamId is { } team)
            channel.RouteTo(team == Guid.Empty ? null : team);
        if (request.IsActive is { } active)
            channel.SetActive(active);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ChannelResponse.From(channel));
    }
}
