using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Channels;

public sealed class CreateChannel(ParleyDbContext db, ChannelSecrets secrets, ChannelAdapters adapters, ChannelViews views, TimeProvider clock, ActivityLog activity) : IHandler
{
    public sealed record Request(ChannelType? Type, string? Name, Guid? TeamId, string? PhoneNumber, ChannelSettings? Settings, BusinessHours? BusinessHours = null);

    public async Task<Results<Created<ChannelResponse>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("name", request.Name, 100);
        string? phone = null;
        if (request.PhoneNumber is not null && !Contacts.PhoneNumber.TryNormalize(request.PhoneNumber, out phone))
            validation.Add("phoneNumber", "'phoneNumber' is not a valid phone number.");
        ChannelSettings? settings = null;
        var adapter = request.Type is { } type ? adapters.Find(type) : null;
        if (request.Type is null)
            validation.Add("type", "'type' is required.");
        else if (adapter is null)
            validation.Add("type", "No provider serves this channel type.");
        else
        {
            // Only the provider's own fields are kept.
            settings = adapter.Merge(new ChannelSettings(), request.Settings ?? new ChannelSettings());
            adapter.Validate(phone ?? request.PhoneNumber, settings, validation);
        }
        request.BusinessHours?.Validate(validation);
        if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            validation.Add("teamId", "No such team.");
        if (!validation.IsValid)
            return validation.ToProblem();
        var name = request.Name!.Trim();
        if (await db.Channels.AnyAsync(c => c.Name == name, cancellationToken))
            return Problem.Conflict("A channel with this name already exists.");

        var channel = new Channel(Ids.New(clock), adapter!.Type, name, request.TeamId, clock.GetUtcNow().UtcDateTime);
        channel.Configure(phone, secrets.Protect(settings!));
        channel.SetBusinessHours(BusinessHours.Serialize(request.BusinessHours));
        db.Channels.Add(channel);
        activity.Record(db, ActivityAction.ChannelCreated, channel.Id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/channels/{channel.Id}", views.From(channel));
    }
}
