using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Channels;

public sealed class UpdateChannel(
    ParleyDbContext db, ChannelSecrets secrets, ChannelAdapters adapters, ChannelViews views, WebhookChannels webhookChannels, TimeProvider clock, ActivityLog activity) : IHandler
{
    /// <param name="TeamId">Guid.Empty clears the routing team.</param>
    /// <param name="Settings">Fields given replace the stored ones (a secret can be rotated); omitted ones stay.</param>
    /// <param name="AlwaysOpen">true removes the business hours.</param>
    public sealed record Request(string? Name, Guid? TeamId, bool? IsActive, string? PhoneNumber, ChannelSettings? Settings, BusinessHours? BusinessHours = null, bool? AlwaysOpen = null);

    public async Task<Results<Ok<ChannelResponse>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
            return Problem.NotFound("The channel");
        var adapter = adapters.For(channel);
        var validation = new Validation();
        if (request.Name is not null)
            validation.Required("name", request.Name, 100);
        if (request.TeamId is { } teamId && teamId != Guid.Empty && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            validation.Add("teamId", "No such team.");
        var phone = channel.PhoneNumber;
        if (request.PhoneNumber is not null && !Contacts.PhoneNumber.TryNormalize(request.PhoneNumber, out phone))
            validation.Add("phoneNumber", "'phoneNumber' is not a valid phone number.");
        var stored = secrets.Unprotect(channel.ProtectedSettings);
        var settings = adapter.Merge(stored, request.Settings ?? new ChannelSettings());
        adapter.Validate(phone, settings, validation);
        request.BusinessHours?.Validate(validation);
        if (!validation.IsValid)
            return validation.ToProblem();
        channel.Configure(phone, secrets.Protect(settings));
        if (request.AlwaysOpen == true)
            channel.SetBusinessHours(null);
        else if (request.BusinessHours is { } hours)
            channel.SetBusinessHours(BusinessHours.Serialize(hours));
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
        activity.Record(db, ActivityAction.ChannelUpdated, channel.Id);
        if (request.AlwaysOpen == true || request.BusinessHours is not null)
        {
            // Replies held for the old hours follow the new ones, committed with them or not at all.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await OutboundDelivery.RetimeHeldRepliesAsync(db, channel, clock.GetUtcNow().UtcDateTime, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else
            await db.SaveChangesAsync(cancellationToken);
        webhookChannels.Forget(channel.Id);
        // Replies held because they had nowhere to go (a bot without a webhook) are due as soon as they have.
        if (adapter.HasNowhereToSend(stored) && !adapter.HasNowhereToSend(settings))
            await OutboundDelivery.ReleaseRepliesAwaitingWebhookAsync(db, channel.Id, cancellationToken);
        return TypedResults.Ok(views.From(channel));
    }
}
