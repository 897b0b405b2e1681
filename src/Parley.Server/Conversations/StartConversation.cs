using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;
using Parley.Templates;

namespace Parley.Conversations;

/// <summary>
/// The business writes first: the conversation is Sent until the customer answers, owned by its
/// starter. It opens with free text or with a template; on WhatsApp outside the customer care window
/// only a registered WhatsApp template may (sent as the broadcast sends it).
/// </summary>
public sealed class StartConversation(ParleyDbContext db, ConversationViews views, TemplateSending sending, ILiveBus live, CurrentUser me, TimeProvider clock,
    Channels.ChannelAdapters adapters) : IHandler
{
    /// <param name="Text">The first message, as free text; or</param>
    /// <param name="TemplateId">a template instead: a WhatsApp template with <paramref name="Parameters"/> ({{1}}…{{n}}) on the
    /// WhatsApp channel it is registered for, or (on SMS and API channels) a Conversation template filled with the contact's details.</param>
    public sealed record Request(Guid? ContactId, Guid? ChannelId, string? Subject, string? Text, Guid? TemplateId = null, IReadOnlyList<string>? Parameters = null);

    public async Task<Results<Created<ConversationDetail>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation().MaxLength("subject", request.Subject, 300);
        if (request.TemplateId is null)
        {
            validation.Required("text", request.Text, 10_000);
            if (request.Parameters is not null)
                validation.Add("parameters", "'parameters' fill a template; name it in 'templateId'.");
        }
        else if (request.Text is not null)
        {
            validation.Add("text", "Send either 'text' or 'templateId', not both.");
            validation.Add("templateId", "Send either 'text' or 'templateId', not both.");
        }
        if (request.ContactId is null)
            validation.Add("contactId", "'contactId' is required.");
        if (request.ChannelId is null)
            validation.Add("channelId", "'channelId' is required.");
        if (!validation.IsValid)
            return validation.ToProblem();

        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ContactId, cancellationToken);
        if (contact is null)
            return Problem.NotFound("The contact");
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ChannelId, cancellationToken);
        if (channel is null)
            return Problem.NotFound("The channel");
        Template? template = null;
        var parameters = request.Parameters ?? [];
        if (request.TemplateId is { } templateId)
        {
            // As for broadcasts and replies: a template that is not the organisation's is not found.
            template = await db.Templates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, cancellationToken);
            if (template is null)
                return Problem.NotFound("The template");
            sending.Check(template, channel.Type, channel.Id, parameters, writesFirst: true, validation);
            if (!validation.IsValid)
                return validation.ToProblem();
        }
        if (!channel.IsActive)
            return Problem.Conflict("The channel is inactive.");
        if (contact.OptedOut)
            return Problem.Conflict("The contact opted out; Parley never writes to an opted-out contact.");
        var already = await db.Conversations.Where(c => c.ContactId == contact.Id && c.ChannelId == channel.Id && ConversationStatuses.Live.Contains(c.Status))
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (already is { } existing)
            return Problem.Conflict("The contact already has a live conversation on this channel.", $"Reply in conversation {existing}.");

        var now = clock.GetUtcNow().UtcDateTime;
        var lastInbound = await db.Conversations.Where(c => c.ContactId == contact.Id && c.ChannelId == channel.Id)
            .MaxAsync(c => c.LastInboundAt, cancellationToken);
        if (template is null && !Channels.CareWindow.IsOpen(adapters.For(channel), lastInbound, now))
            return Problem.Conflict("The WhatsApp customer care window is closed.",
                "The customer has not written in the last 24 hours: only a registered WhatsApp template may start the conversation (send its 'templateId').");
        var by = Audit.EventActor.Of(me);
        var conversation = Conversation.StartedByBusiness(Ids.New(clock), contact.Id, channel.Id, channel.TeamId, Clean(request.Subject), me.Id, by, now);
        var text = template is null ? request.Text!.Trim() : TemplateSending.Render(template, parameters, TemplateContext.For(contact, await sending.SenderAsync(template, cancellationToken)));
        conversation.Reply(text, by, now);
        var message = template is null
            ? Message.Reply(Ids.New(clock), conversation, by, text, now)
            : TemplateSending.Reply(Ids.New(clock), conversation, by, template, parameters, text, now);
        db.Conversations.Add(conversation);
        db.Messages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAsync(LiveNotices.NewMessage(conversation, message), cancellationToken);

        return TypedResults.Created($"/api/v1/conversations/{conversation.Id}", (await views.DetailAsync(conversation.Id, cancellationToken))!);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
