using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Channels;

public sealed record ChannelResponse(
    Guid Id, ChannelType Type, string Name, Guid? TeamId, bool IsActive, DateTime CreatedAt, string? PhoneNumber,
    IReadOnlyDictionary<string, object?> Settings, IReadOnlyDictionary<string, string> Webhooks, BusinessHours? BusinessHours);

/// <summary>Shapes a channel for the API: settings without secrets, and the webhook URLs to give the provider.</summary>
public sealed class ChannelViews(ChannelSecrets secrets, PublicUrls urls)
{
    public ChannelResponse From(Channel c) =>
        new(c.Id, c.Type, c.Name, c.TeamId, c.IsActive, c.CreatedAt, c.PhoneNumber, secrets.Unprotect(c.ProtectedSettings).Visible(), urls.WebhooksFor(c),
            Channels.BusinessHours.Parse(c.BusinessHours));
}

/// <summary>What each channel type needs: SMS (Twilio) and WhatsApp (Meta Cloud API) settings, a number.</summary>
internal static class ChannelRules
{
    public static void Validate(ChannelType type, string? phoneNumber, ChannelSettings settings, Validation validation)
    {
        if (type == ChannelType.Api)
        {
            if (settings.WebhookUrl is not null && !IsHttpUrl(settings.WebhookUrl))
                validation.Add("settings.webhookUrl", "'settings.webhookUrl' must be an absolute http(s) URL.");
            return;
        }
        if (phoneNumber is null)
            validation.Add("phoneNumber", "'phoneNumber' is required for SMS and WhatsApp channels.");
        if (!IsHttpUrl(settings.BaseUrl))
            validation.Add("settings.baseUrl", "'settings.baseUrl' must be the provider's absolute http(s) URL.");
        if (type == ChannelType.Sms)
        {
            Require(settings.AccountSid, "settings.accountSid", validation);
            Require(settings.AuthToken, "settings.authToken", validation);
        }
        else
        {
            Require(settings.PhoneNumberId, "settings.phoneNumberId", validation);
            Require(settings.AccessToken, "settings.accessToken", validation);
            Require(settings.AppSecret, "settings.appSecret", validation);
            Require(settings.VerifyToken, "settings.verifyToken", validation);
        }
    }

    private static void Require(string? value, string field, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(value))
            validation.Add(field, $"'{field}' is required.");
        else if (value.Length > 500)
            validation.Add(field, $"'{field}' must be at most 500 characters.");
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

public sealed class ListChannels(ParleyDbContext db, ChannelViews views) : IHandler
{
    // Paged like every other list ({items, nextCursor}) although an organisation has a handful of
    // channels: one list shape for clients. Names are unique per organisation; the id settles ties anyway.
    public async Task<Results<Ok<Page<ChannelResponse>>, ValidationProblem>> Handle(string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var page = PageRequest.Parse(cursor, limit, validation);
        var after = NameKeyset.Parse(page.After, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var query = db.Channels.AsNoTracking();
        if (after is var (name, id))
            query = query.Where(c => string.Compare(c.Name, name) >= 0 && (string.Compare(c.Name, name) > 0 || (c.Name == name && c.Id.CompareTo(id) > 0)));
        var rows = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var listed = page.ToPage(rows, c => $"{c.Name}\n{c.Id}");
        return TypedResults.Ok(new Page<ChannelResponse>([.. listed.Items.Select(views.From)], listed.NextCursor));
    }
}

public sealed class GetChannel(ParleyDbContext db, ChannelViews views) : IHandler
{
    public async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken) =>
        await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } channel
            ? TypedResults.Ok(views.From(channel))
            : Problem.NotFound("The channel");
}

public sealed class CreateChannel(ParleyDbContext db, ChannelSecrets secrets, ChannelViews views, TimeProvider clock) : IHandler
{
    public sealed record Request(ChannelType? Type, string? Name, Guid? TeamId, string? PhoneNumber, ChannelSettings? Settings, BusinessHours? BusinessHours = null);

    public async Task<Results<Created<ChannelResponse>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("name", request.Name, 100);
        var settings = request.Settings ?? new ChannelSettings();
        string? phone = null;
        if (request.PhoneNumber is not null && !Contacts.PhoneNumber.TryNormalize(request.PhoneNumber, out phone))
            validation.Add("phoneNumber", "'phoneNumber' is not a valid phone number.");
        if (request.Type is not { } type)
            validation.Add("type", "'type' is required.");
        else
            ChannelRules.Validate(type, phone ?? request.PhoneNumber, settings, validation);
        request.BusinessHours?.Validate(validation);
        if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            validation.Add("teamId", "No such team.");
        if (!validation.IsValid)
            return validation.ToProblem();
        var name = request.Name!.Trim();
        if (await db.Channels.AnyAsync(c => c.Name == name, cancellationToken))
            return Problem.Conflict("A channel with this name already exists.");

        var channel = new Channel(Ids.New(clock), request.Type!.Value, name, request.TeamId, clock.GetUtcNow().UtcDateTime);
        channel.Configure(phone, secrets.Protect(settings));
        channel.SetBusinessHours(BusinessHours.Serialize(request.BusinessHours));
        db.Channels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/channels/{channel.Id}", views.From(channel));
    }
}

public sealed class UpdateChannel(ParleyDbContext db, ChannelSecrets secrets, ChannelViews views, WebhookChannels webhookChannels, TimeProvider clock) : IHandler
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
        var validation = new Validation();
        if (request.Name is not null)
            validation.Required("name", request.Name, 100);
        if (request.TeamId is { } teamId && teamId != Guid.Empty && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
            validation.Add("teamId", "No such team.");
        var phone = channel.PhoneNumber;
        if (request.PhoneNumber is not null && !Contacts.PhoneNumber.TryNormalize(request.PhoneNumber, out phone))
            validation.Add("phoneNumber", "'phoneNumber' is not a valid phone number.");
        var stored = secrets.Unprotect(channel.ProtectedSettings);
        var settings = stored.With(request.Settings ?? new ChannelSettings());
        ChannelRules.Validate(channel.Type, phone, settings, validation);
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
        if (channel.Type == ChannelType.Api && stored.WebhookUrl is null && settings.WebhookUrl is not null)
            await OutboundDelivery.ReleaseRepliesAwaitingWebhookAsync(db, channel.Id, cancellationToken);
        return TypedResults.Ok(views.From(channel));
    }
}
