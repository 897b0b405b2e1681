using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Contacts;
using Parley.Conversations;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Channels.Api;

/// <summary>
/// A bot or integration delivers a customer's message: find or create the contact, append to the
/// contact's live conversation on this channel (reopening a resolved, irrelevant or archived one)
/// or open a new one — never reviving a deleted one. Idempotent on externalMessageId.
/// </summary>
public sealed class ReceiveInboundMessage(ParleyDbContext db, ILiveBus live, TimeProvider clock) : IHandler
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

        var externalId = request.ExternalMessageId!.Trim();
        if (await FindDuplicateAsync(channelId, externalId, cancellationToken) is { } duplicate)
            return TypedResults.Ok(duplicate);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customer = await FindContactAsync(contact!, phone, cancellationToken);
        if (customer is null)
        {
            customer = new Contact(Ids.New(clock), Clean(contact!.Name), phone, Clean(contact.Email), Clean(contact.ExternalId), now);
            db.Contacts.Add(customer);
        }

        var conversation = await db.Conversations.Include(c => c.Tags)
            .Where(c => c.ContactId == customer.Id && c.ChannelId == channelId && c.Status != ConversationStatus.Deleted)
            .OrderByDescending(c => c.LastActivityAt)
            .FirstOrDefaultAsync(cancellationToken);
        var statusBefore = conversation?.Status;
        var text = request.Text!.Trim();
        if (conversation is null)
        {
            conversation = Conversation.OpenedByCustomer(Ids.New(clock), customer.Id, channelId, channel.TeamId, request.Automated == true, EventActor.Contact, now);
            conversation.ReceiveInbound(text, now);
            db.Conversations.Add(conversation);
        }
        else
        {
            conversation.ReceiveInbound(text, now);
        }

        var message = Message.Inbound(Ids.New(clock), conversation, text, externalId, request.SentAt?.ToUniversalTime() ?? now);
        db.Messages.Add(message);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same message arrived twice at once; the other delivery stored it.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return await FindDuplicateAsync(channelId, externalId, cancellationToken) is { } stored
                ? TypedResults.Ok(stored)
                : throw new InvalidOperationException("A duplicate message vanished.", e);
        }
        await transaction.CommitAsync(cancellationToken);

        var notices = new List<LiveEvent> { LiveNotices.NewMessage(conversation, message) };
        if (statusBefore is not null && statusBefore != conversation.Status)
            notices.Add(LiveNotices.Status(conversation));
        await live.PublishAllAsync(notices, cancellationToken);

        return TypedResults.Created($"/api/v1/conversations/{conversation.Id}",
            new Response(conversation.Id, message.Id, customer.Id, conversation.Status, false));
    }

    private Task<Response?> FindDuplicateAsync(Guid channelId, string externalId, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking()
            .Where(m => m.ChannelId == channelId && m.ExternalMessageId == externalId)
            .Join(db.Conversations, m => m.ConversationId, c => c.Id, (m, c) => new Response(c.Id, m.Id, c.ContactId, c.Status, true))
            .SingleOrDefaultAsync(cancellationToken);

    // A contact is recognised by the integration's id first, then by phone, then by email.
    private async Task<Contact?> FindContactAsync(ContactRequest contact, string? phone, CancellationToken cancellationToken)
    {
        if (Clean(contact.ExternalId) is { } externalId
            && await db.Contacts.FirstOrDefaultAsync(c => c.ExternalId == externalId, cancellationToken) is { } byExternalId)
            return byExternalId;
        if (phone is not null && await db.Contacts.FirstOrDefaultAsync(c => c.Phone == phone, cancellationToken) is { } byPhone)
            return byPhone;
        if (Clean(contact.Email) is { } email && await db.Contacts.FirstOrDefaultAsync(c => c.Email == email, cancellationToken) is { } byEmail)
            return byEmail;
        return null;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
