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
/// Conversation) or open a new one, store the message and its events, and only after the commit
/// tell live subscribers. Idempotent on (channel, provider message id): the unique index settles a
/// race, and a retry answers with what is stored.
/// <para>
/// Messages arriving together are written by group commit (<see cref="GroupCommit{TItem, TResult}"/>):
/// one transaction for all of an organisation's queued messages, each handled exactly as if those
/// before it had been committed on their own — a customer's second message finds the contact and
/// conversation their first one created, a repeat of a provider id in the same batch is a duplicate —
/// and each request is answered once that transaction is durable.
/// </para>
/// </summary>
public sealed class InboundIngestion(IServiceScopeFactory scopes, ILiveBus live, TimeProvider clock, IConfiguration configuration, ILogger<InboundIngestion> logger)
    : LiveGroupCommit<InboundIngestion.Delivery, IngestedMessage>(scopes, live, configuration, logger)
{
    /// <summary>The opt-out and opt-in keywords, as the whole body (SPEC §2; carriers' standard words).</summary>
    private static readonly HashSet<string> OptOutWords = new(StringComparer.OrdinalIgnoreCase) { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT" };
    private static readonly HashSet<string> OptInWords = new(StringComparer.OrdinalIgnoreCase) { "START", "YES", "UNSTOP" };

    public sealed record Delivery(Channel Channel, InboundMessage Message);

    public Task<IngestedMessage> IngestAsync(Channel channel, InboundMessage inbound, CancellationToken cancellationToken) =>
        SubmitAsync(channel.OrganizationId, new Delivery(channel, inbound), cancellationToken);

    protected override async Task<IReadOnlyList<IngestedMessage>> WriteAsync(
        ParleyDbContext db, IReadOnlyList<Delivery> deliveries, List<Func<LiveEvent>> notices, CancellationToken cancellationToken)
    {
        var known = await Known.LoadAsync(db, deliveries, cancellationToken);
        return deliveries.Select(d => Append(db, known, d.Channel, d.Message, notices)).ToList();
    }

    private IngestedMessage Append(ParleyDbContext db, Known known, Channel channel, InboundMessage inbound, List<Func<LiveEvent>> notices)
    {
        if (known.Duplicate(channel.Id, inbound.ExternalMessageId) is { } duplicate)
            return duplicate;

        var now = clock.GetUtcNow().UtcDateTime;
        var contact = known.Contact(inbound.Contact);
        if (contact is null)
        {
            contact = new Contact(Ids.New(clock), inbound.Contact.Name, inbound.Contact.Phone, inbound.Contact.Email, inbound.Contact.ExternalId, now);
            db.Contacts.Add(contact);
            known.Add(contact);
        }

        var conversation = known.Conversation(contact.Id, channel.Id);
        var statusBefore = conversation?.Status;
        if (conversation is null)
        {
            conversation = Conversation.OpenedByCustomer(Ids.New(clock), contact.Id, channel.Id, channel.TeamId, inbound.Automated, EventActor.Contact, now);
            db.Conversations.Add(conversation);
            known.Add(conversation);
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
        known.Add(message, contact.Id, conversation);

        notices.Add(() => LiveNotices.NewMessage(conversation, message));
        if (statusBefore is not null && statusBefore != conversation.Status)
            notices.Add(() => LiveNotices.Status(conversation));
        return new IngestedMessage(conversation.Id, message.Id, contact.Id, conversation.Status, false);
    }

    /// <summary>What the inbox shows for a message that is only files: "[image]", "[image] [document]".</summary>
    private static string MediaLabel(IReadOnlyList<InboundMedia>? media) =>
        string.Join(' ', (media ?? []).Select(m => $"[{(m.ContentType?.Split('/')[0] is { Length: > 0 } kind && kind != "application" ? kind : "file")}]"));

    /// <summary>
    /// What a batch's messages find: the rows the database already holds, loaded with one query per
    /// kind instead of a few per message, and the rows the batch has added so far.
    /// </summary>
    private sealed class Known
    {
        private readonly Dictionary<(Guid Channel, string ExternalId), (IngestedMessage Stored, Conversation? Conversation)> _messages = [];
        private readonly Dictionary<string, Contact> _byExternalId = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Contact> _byPhone = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Contact> _byEmail = new(StringComparer.Ordinal);
        private readonly Dictionary<(Guid Contact, Guid Channel), Conversation> _conversations = [];

        public static async Task<Known> LoadAsync(ParleyDbContext db, IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
        {
            var known = new Known();
            var channelIds = deliveries.Select(d => d.Channel.Id).Distinct().ToList();
            var externalIds = deliveries.Select(d => d.Message.ExternalMessageId).Distinct().ToList();
            var stored = await db.Messages.AsNoTracking()
                .Where(m => channelIds.Contains(m.ChannelId) && externalIds.Contains(m.ExternalMessageId!))
                .Join(db.Conversations, m => m.ConversationId, c => c.Id, (m, c) => new { m.ChannelId, m.ExternalMessageId, Answer = new IngestedMessage(c.Id, m.Id, c.ContactId, c.Status, true) })
                .ToListAsync(cancellationToken);
            foreach (var message in stored)
                known._messages[(message.ChannelId, message.ExternalMessageId!)] = (message.Answer, null);

            var contacts = deliveries.Select(d => d.Message.Contact).ToList();
            var contactExternalIds = contacts.Where(c => c.ExternalId is not null).Select(c => c.ExternalId!).Distinct().ToList();
            var phones = contacts.Where(c => c.Phone is not null).Select(c => c.Phone!).Distinct().ToList();
            var emails = contacts.Where(c => c.Email is not null).Select(c => c.Email!).Distinct().ToList();
            // Oldest first, so where several contacts share an external id or an email the
            // earliest is recognised, whichever query found it.
            var found = await db.Contacts
                .Where(c => contactExternalIds.Contains(c.ExternalId!) || phones.Contains(c.Phone!) || emails.Contains(c.Email!))
                .OrderBy(c => c.Id)
                .ToListAsync(cancellationToken);
            found.ForEach(known.Add);

            // Each contact's latest conversation on each channel that is not Deleted (a deleted
            // conversation never revives): the one with no later one beside it.
            var contactIds = found.Select(c => c.Id).ToList();
            var live = db.Conversations.Where(c => c.Status != ConversationStatus.Deleted);
            var latest = await live
                .Where(c => contactIds.Contains(c.ContactId) && channelIds.Contains(c.ChannelId))
                .Where(c => !live.Any(later => later.ContactId == c.ContactId && later.ChannelId == c.ChannelId && later.LastActivityAt > c.LastActivityAt))
                .ToListAsync(cancellationToken);
            latest.ForEach(known.Add);
            return known;
        }

        public IngestedMessage? Duplicate(Guid channelId, string externalId) =>
            _messages.TryGetValue((channelId, externalId), out var stored)
                ? stored.Stored with { Status = stored.Conversation?.Status ?? stored.Stored.Status }
                : null;

        // A contact is recognised by the integration's id first, then by phone, then by email.
        public Contact? Contact(InboundContact contact) =>
            (contact.ExternalId is { } externalId ? _byExternalId.GetValueOrDefault(externalId) : null)
            ?? (contact.Phone is { } phone ? _byPhone.GetValueOrDefault(phone) : null)
            ?? (contact.Email is { } email ? _byEmail.GetValueOrDefault(email) : null);

        public Conversation? Conversation(Guid contactId, Guid channelId) => _conversations.GetValueOrDefault((contactId, channelId));

        public void Add(Contact contact)
        {
            if (contact.ExternalId is { } externalId)
                _byExternalId.TryAdd(externalId, contact);
            if (contact.Phone is { } phone)
                _byPhone.TryAdd(phone, contact);
            if (contact.Email is { } email)
                _byEmail.TryAdd(email, contact);
        }

        public void Add(Conversation conversation) => _conversations[(conversation.ContactId, conversation.ChannelId)] = conversation;

        public void Add(Message message, Guid contactId, Conversation conversation) =>
            _messages[(message.ChannelId, message.ExternalMessageId!)] = (new IngestedMessage(conversation.Id, message.Id, contactId, conversation.Status, true), conversation);
    }
}
