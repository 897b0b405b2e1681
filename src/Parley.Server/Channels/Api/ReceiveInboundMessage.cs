using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Contacts;
using Parley.Conversations;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Channels.Api;

/// <summary>
/// A bot or integration delivers a customer's message over REST; after validation it takes the
/// same path as every channel's messages (<see cref="InboundIngestion"/>).
/// </summary>
public sealed class ReceiveInboundMessage(ParleyDbContext db, InboundIngestion ingestion, TimeProvider clock) : IHandler
{
    public sealed record ContactRequest(string? Name, string? Phone, string? Email, string? ExternalId);

    public sealed record Request(ContactRequest? Contact, string? Text, string? ExternalMessageId, DateTime? SentAt, bool? Automated);

    public sealed record Response(Guid ConversationId, Guid MessageId, Guid ContactId, ConversationStatus Status, bool Duplicate);

    public async Task<Results<Created<Response>, Ok<Response>, ValidationProblem, ProblemHttpResult>> Handle(Guid channelId, Request request, CancellationToken cancellationToken)
    {
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null || channel.Type != ChannelType.Api)
            return Problem.NotFound("The API channel");

        var validation = new Validation()
            .Required("text", request.Text, 10_000)
            .Required("externalMessageId", request.ExternalMessageId, 200);
        var phone = (string?)null;
        var contact = request.Contact;
        if (contact is null || new[] { contact.Name, contact.Phone, contact.Email, contact.ExternalId }.All(string.IsNullOrWhiteSpace))
            validation.Add("contact", "'contact' needs a name, phone, email or externalId.");
        else
        {
            validation.MaxLength("contact.name", contact.Name, 200).MaxLength("contact.externalId", contact.ExternalId, 200);
            if (!string.IsNullOrWhiteSpace(contact.Email))
                validation.Email("contact.email", contact.Email);
            if (!string.IsNullOrWhiteSpace(contact.Phone))
            {
                if (PhoneNumber.TryNormalize(contact.Phone, out var e164))
                    phone = e164;
                else
                    validation.Add("contact.phone", "'contact.phone' is not a valid phone number.");
            }
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (request.SentAt is { } sentAt && sentAt.ToUniversalTime() > now.AddMinutes(5))
            validation.Add("sentAt", "'sentAt' is in the future.");
        if (!validation.IsValid)
            return validation.ToProblem();
        if (!channel.IsActive)
            return Problem.Conflict("The channel is inactive.");

        var stored = await ingestion.IngestAsync(channel, new InboundMessage(
            new InboundContact(Clean(contact!.Name), phone, Clean(contact.Email), Clean(contact.ExternalId)),
            request.Text!.Trim(), request.ExternalMessageId!.Trim(), request.SentAt, request.Automated == true), cancellationToken);
        var response = new Response(stored.ConversationId, stored.MessageId, stored.ContactId, stored.Status, stored.Duplicate);
        return stored.Duplicate
            ? TypedResults.Ok(response)
            : TypedResults.Created($"/api/v1/conversations/{stored.ConversationId}", response);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
