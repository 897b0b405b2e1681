using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Attachments;
using Parley.Audit;
using Parley.Contacts;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>
/// A reply to the customer (queued for the channel to send) or an internal note, optionally
/// followed by archive, reopen or resolve — one event for the pair ("replied and archived").
/// </summary>
public sealed class PostMessage(ParleyDbContext db, ConversationAccess access, Templates.TemplateSending sending, ILiveBus live, CurrentUser me, TimeProvider clock, Channels.QueuedReplies queue,
    Channels.ChannelAdapters adapters) : IHandler
{
    /// <param name="TemplateId">Send a template instead of free text: a Conversation template is filled with the
    /// contact's and agent's details; a WhatsApp template with <paramref name="Parameters"/> ({{1}}…{{n}}),
    /// and may be sent outside the 24-hour care window.</param>
    /// <param name="AttachmentIds">Files uploaded through POST /api/v1/attachments by the caller and not sent yet (at most 10;
    /// WhatsApp carries one per message). With files the text may be empty; it is their caption.</param>
    public sealed record Request(string? Text, [property: OneOf("reply", "note")] string? Kind, [property: OneOf("archive", "reopen", "resolve")] string? Then, Guid? TemplateId = null, IReadOnlyList<string>? Parameters = null,
        IReadOnlyList<Guid>? AttachmentIds = null);

    public sealed record Response(MessageResponse Message, ConversationStatus Status, string DisplayStatus);

    private static readonly IReadOnlyList<string> Kinds = OneOfAttribute.Of<Request>(nameof(Request.Kind));
    private static readonly IReadOnlyList<string> Thens = OneOfAttribute.Of<Request>(nameof(Request.Then));

    public async Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        var conversation = await access.FindAsync(id, cancellationToken);
        if (conversation is null)
            return Problem.NotFound("The conversation");
        var kind = (request.Kind ?? "reply").ToLowerInvariant();
        var then = request.Then?.ToLowerInvariant();
        var validation = new Validation();
        var attachmentIds = request.AttachmentIds?.Distinct().ToList() ?? [];
        if (request.TemplateId is not null && kind != "reply")
            validation.Add("templateId", "A template is sent as a reply, not a note.");
        if (request.TemplateId is null && attachmentIds.Count == 0)
            validation.Required("text", request.Text, 10_000);
        else
            validation.MaxLength("text", request.Text, 10_000);
        if (attachmentIds.Count > AttachmentLimits.MaxPerMessage)
            validation.Add("attachmentIds", $"A message carries at most {AttachmentLimits.MaxPerMessage} files.");
        else if (attachmentIds.Count > 0 && request.TemplateId is not null)
            validation.Add("attachmentIds", "A template is sent without files.");
        if (!Kinds.Contains(kind))
            validation.Add("kind", "'kind' must be 'reply' or 'note'.");
        if (then is not null && !Thens.Contains(then))
            validation.Add("then", "'then' must be 'archive', 'reopen' or 'resolve'.");
        if (then is not null && kind == "note")
            validation.Add("then", "'then' goes with a reply, not a note.");
        if (!validation.IsValid)
            return validation.ToProblem();

        if (kind == "reply" && await db.Contacts.Where(c => c.Id == conversation.ContactId).Select(c => c.OptedOut).SingleAsync(cancellationToken))
            return Problem.Conflict("The contact opted out; Parley never writes to an opted-out contact.");

        var now = clock.GetUtcNow().UtcDateTime;
        var channelType = await db.Channels.Where(c => c.Id == conversation.ChannelId).Select(c => c.Type).SingleAsync(cancellationToken);
        var text = request.Text?.Trim() ?? "";
        Templates.Template? template = null;
        if (request.TemplateId is { } templateId)
        {
            template = await db.Templates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, cancellationToken);
            if (template is null)
                return Problem.NotFound("The template");
            sending.Check(template, channelType, conversation.ChannelId, request.Parameters ?? [], writesFirst: false, validation);
            if (!validation.IsValid)
                return validation.ToProblem();
            var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == conversation.ContactId, cancellationToken);
            text = Templates.TemplateSending.Render(template, request.Parameters ?? [], Templates.TemplateContext.For(contact, await sending.SenderAsync(template, cancellationToken)));
        }
        var files = attachmentIds.Count == 0 ? [] : await db.Attachments.AsNoTracking()
            .Where(a => attachmentIds.Contains(a.Id) && a.UploadedByUserId == me.Id && a.MessageId == null && a.Status == AttachmentStatus.Stored)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        if (files.Count != attachmentIds.Count)
            validation.Add("attachmentIds", "Each id must be a file you uploaded and have not sent yet.");
        else if (kind == "reply" && files.Count > 0)
            adapters.For(channelType).CheckCarries(files, text, validation);
        if (!validation.IsValid)
            return validation.ToProblem();
        var registeredTemplate = template?.Kind == Templates.TemplateKind.WhatsApp;
        if (kind == "reply" && !registeredTemplate && !Channels.CareWindow.IsOpen(adapters.For(channelType), conversation.LastInboundAt, now))
            return Problem.Conflict("The WhatsApp customer care window is closed.",
                "More than 24 hours have passed since the customer's last message: only a registered WhatsApp template may be sent now.");
        var by = EventActor.Of(me);
        var statusBefore = conversation.Status;
        Message message;
        try
        {
            if (kind == "note")
            {
                conversation.AddNote(now);
                message = Message.Note(Ids.New(clock), conversation, by, text, now);
            }
            else
            {
                conversation.Reply(text, by, now);
                if (then is not null)
                    conversation.ReplyAndThen(then, by, now);
                message = template is null
                    ? Message.Reply(Ids.New(clock), conversation, by, text, now)
                    : Templates.TemplateSending.Reply(Ids.New(clock), conversation, by, template, request.Parameters ?? [], text, now);
            }
        }
        catch (ConversationRuleException refused)
        {
            return Problem.Conflict(refused.Message);
        }
        db.Messages.Add(message);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            // The files become the message's only if no other message took them meanwhile.
            var fileIds = files.Select(f => f.Id).ToList();
            if (fileIds.Count > 0 && await db.Attachments.Where(a => fileIds.Contains(a.Id) && a.MessageId == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.MessageId, message.Id).SetProperty(a => a.ConversationId, conversation.Id), cancellationToken) != fileIds.Count)
            {
                await transaction.RollbackAsync(cancellationToken);
                return Problem.Conflict("A file was sent with another message meanwhile; upload it again to send it twice.");
            }
            await transaction.CommitAsync(cancellationToken);
        }

        var notices = new List<LiveEvent> { LiveNotices.NewMessage(conversation, message) };
        if (conversation.Status != statusBefore)
            notices.Add(LiveNotices.Status(conversation));
        await live.PublishAllAsync(notices, cancellationToken);
        return TypedResults.Created($"/api/v1/conversations/{id}/messages",
            new Response(MessageResponse.Of(message, (await queue.ExplainAsync([message], cancellationToken)).TryGetValue(message.Id, out var state) ? state : null,
                    [], [.. files.Select(AttachmentResponse.Of)]),
                conversation.Status, Conversation.DisplayStatus(conversation.Status, conversation.FirstReplyAt)));
    }
}
