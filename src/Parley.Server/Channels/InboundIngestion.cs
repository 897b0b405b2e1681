using Microsoft.EntityFrameworkCore;
using Parley.Attachments;
using Parley.Audit;
using Parley.Contacts;
using Parley.Conversations;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Channels;

/// <summary>Who sent a message, as the channel knows them. Phone is already E.164.</summary>
public sealed record InboundContact(string? Name, string? Phone, string? Email, string? ExternalId);

/// <summary>
/// A file the provider holds for a customer message: Twilio's media URL or WhatsApp's media id, with
/// the type and name the provider declared. It is fetched after the message is committed.
/// </summary>
public sealed record InboundMedia(string ProviderMedia, string? ContentType, string? FileName);

/// <summary>One customer message as any channel delivers it (API, Twilio, WhatsApp).</summary>
public sealed record InboundMessage(InboundContact Contact, string Text, string ExternalMessageId, DateTime? SentAt, bool Automated,
    IReadOnlyList<InboundMedia>? Media = null);

public sealed record IngestedMessage(Guid ConversationId, Guid MessageId, Guid ContactId, ConversationStatus Status, bool Duplicate);

/// <summary>
/// The one path by which a customer's message enters Parley, whatever the channel: find or create
/// the contact, append to their live conversation on the channel (reopening it by the rules of
/// Conversation) or open a new one, store the message and its events in one transaction, and only
/// after the commit tell live subscribers. Idempotent on (channel, provider message id): the
/// unique index settles a race, and a retry answers with what is stored.
/// </summary>
public sealed class InboundIngestion(ParleyDbContext db, ILiveBus live, TimeProvider clock)
{
    /// <summary>The opt-out and opt-in keywords, as the whole body (SPEC §2; carriers' standard words).</summary>
    private static readonly HashSet<string> OptOutWords = new(StringComparer.OrdinalIgnoreCase) { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT" };
    private static readonly HashSet<string> OptInWords = new(StringComparer.OrdinalIgnoreCase) { "START", "YES", "UNSTOP" };

    public async Task<IngestedMessage> IngestAsync(Channel channel, InboundMessage inbound, CancellationToken cancellationToken)
    {
        if (await FindDuplicateAsync(channel.Id, inbound.ExternalMessageId, cancellationToken) is { } duplicate)
            return duplicate;

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var contact = await FindContactAsync(inbound.Contact, cancellationToken);
        if (contact is null)
        {
            contact = new Contact(Ids.New(clock), inbound.Contact.Name, inbound.Contact.Phone, inbound.Contact.Email, inbound.Contact.ExternalId, now);
            db.Contacts.Add(contact);
        }

        var conversation = await db.Conversations.Include(c => c.Tags)
            .Where(c => c.ContactId == contact.Id && c.ChannelId == channel.Id && c.Status != ConversationStatus.Deleted)
            .OrderByDescending(c => c.LastActivityAt)
            .FirstOrDefaultAsync(cancellationToken);
        var statusBefore = conversation?.Status;
        if (conversation is null)
        {
            conversation = Conversation.OpenedByCustomer(Ids.New(clock), contact.Id, channel.Id, channel.TeamId, inbound.Automated, EventActor.Contact, now);
            db.Conversations.Add(conversation);
        }
        conversation.ReceiveInbound(inbound.Text.Length > 0 ? inbound.Text : MediaLabel(inbound.Media), now);

        var keyword = inbound.Text.Trim();
        if (OptOutWords.Contains(keyword) && !contact.OptedOut)
        {
            contact.SetOptedOut(true, now);
            conversation.RecordOptOut(optedOut: true, now);
        }
        else if (OptInWords.Contains(keyword) && contact.OptedOut)
        {
            contact.SetOptedOut(false, now);
            conversation.RecordOptOut(optedOut: false, now);
        }

        var message = Message.Inbound(Ids.New(clock), conversation, inbound.Text, inbound.ExternalMessageId, inbound.SentAt?.ToUniversalTime() ?? now);
        db.Messages.Add(message);
        foreach (var media in inbound.Media ?? [])
        {
            var attachmentId = Ids.New(clock);
            var contentType = media.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
            db.Attachments.Add(Attachment.Inbound(attachmentId, message, media.ProviderMedia, contentType,
                AttachmentLimits.DisplayName(media.FileName, attachmentId, contentType ?? "application/octet-stream"), now));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same message arrived twice at once; the other delivery stored it.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return await FindDuplicateAsync(channel.Id, inbound.ExternalMessageId, cancellationToken)
                ?? throw new InvalidOperationException("A duplicate message vanished.", e);
        }
        await transaction.CommitAsync(cancellationToken);

        var notices = new List<LiveEvent> { LiveNotices.NewMessage(conversation, message) };
        if (statusBefore is not null && statusBefore != conversation.Status)
            notices.Add(LiveNotices.Status(conversation));
        await live.PublishAllAsync(notices, cancellationToken);
        return new IngestedMessage(conversation.Id, message.Id, contact.Id, conversation.Status, false);
    }

    /// <summary>What the inbox shows for a message that is only files: "[image]", "[image] [document]".</summary>
    private static string MediaLabel(IReadOnlyList<InboundMedia>? media) =>
        string.Join(' ', (media ?? []).Select(m => $"[{(m.ContentType?.Split('/')[0] is { Length: > 0 } kind && kind != "application" ? kind : "file")}]"));

    private Task<IngestedMessage?> FindDuplicateAsync(Guid channelId, string externalId, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking()
            .Where(m => m.ChannelId == channelId && m.ExternalMessageId == externalId)
            .Join(db.Conversations, m => m.ConversationId, c => c.Id, (m, c) => new IngestedMessage(c.Id, m.Id, c.ContactId, c.Status, true))
            .SingleOrDefaultAsync(cancellationToken);

    // A contact is recognised by the integration's id first, then by phone, then by email.
    private async Task<Contact?> FindContactAsync(InboundContact contact, CancellationToken cancellationToken)
    {
        if (contact.ExternalId is { } externalId
            && await db.Contacts.FirstOrDefaultAsync(c => c.ExternalId == externalId, cancellationToken) is { } byExternalId)
            return byExternalId;
        if (contact.Phone is { } phone && await db.Contacts.FirstOrDefaultAsync(c => c.Phone == phone, cancellationToken) is { } byPhone)
            return byPhone;
        if (contact.Email is { } email && await db.Contacts.FirstOrDefaultAsync(c => c.Email == email, cancellationToken) is { } byEmail)
            return byEmail;
        return null;
    }
}
