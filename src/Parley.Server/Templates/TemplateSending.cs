using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Channels;
using Parley.Conversations;
using Parley.Identity;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Templates;

/// <summary>
/// One home for sending a template as a reply, whoever sends it (a broadcast, a new conversation,
/// a reply in a conversation): whether it may go out on the channel, its text, and — for a
/// registered WhatsApp template — the name, language and parameters the outbound pass sends in
/// the Cloud API's template format (Meta fills the parameters in, not Parley).
/// </summary>
public sealed class TemplateSending(ParleyDbContext db, CurrentUser me, ChannelAdapters adapters)
{
    /// <summary>May this template go out on this channel with these parameters? Problems go to validation, by field.</summary>
    /// <param name="writesFirst">The business writes first (a broadcast, a new conversation): on WhatsApp only a registered template may.</param>
    public void Check(Template template, ChannelType channelType, Guid channelId, IReadOnlyList<string> parameters, bool writesFirst, Validation validation)
    {
        var channel = adapters.For(channelType);
        if (template.Kind == TemplateKind.WhatsApp)
        {
            if (!channel.SendsRegisteredTemplates || (template.ChannelId is { } registeredOn && registeredOn != channelId))
                validation.Add("templateId", "A WhatsApp template is sent on the WhatsApp channel it was registered for.");
            else if (parameters.Count != (template.Parameters ?? 0))
                validation.Add("parameters", $"The template takes {template.Parameters ?? 0} parameters.");
        }
        else if (writesFirst && channel.WritesFirstOnlyWithRegisteredTemplate)
            validation.Add("templateId", "Writing first on WhatsApp takes a registered WhatsApp template, not a Conversation template.");
    }

    /// <summary>The names a Conversation template may use, read once per request (none are needed for a WhatsApp template).</summary>
    public async Task<TemplateContext.Sender> SenderAsync(Template template, CancellationToken cancellationToken) =>
        template.Kind == TemplateKind.WhatsApp
            ? new TemplateContext.Sender(null, null)
            : new TemplateContext.Sender(
                await db.Users.AsNoTracking().Where(u => u.Id == me.Id).Select(u => u.Name).SingleAsync(cancellationToken),
                await db.Organizations.AsNoTracking().Where(o => o.Id == me.OrganizationId).Select(o => o.Name).SingleAsync(cancellationToken));

    /// <summary>The text the conversation shows: a WhatsApp body with its parameters, or a Conversation template filled for this contact.</summary>
    public static string Render(Template template, IReadOnlyList<string> parameters, TemplateContext context) =>
        template.Kind == TemplateKind.WhatsApp
            ? TemplateRenderer.Render(template.Text, parameters)
            : TemplateRenderer.Render(template.Text, context.Values());

    /// <summary>The queued reply carrying the template: a WhatsApp template keeps what the provider needs to send it as one.</summary>
    public static Message Reply(Guid id, Conversation conversation, EventActor by, Template template, IReadOnlyList<string> parameters, string text, DateTime now)
    {
        var message = Message.Reply(id, conversation, by, text, now);
        if (template.Kind == TemplateKind.WhatsApp)
            message.UseTemplate(template.Name, template.Language!, parameters);
        return message;
    }
}
