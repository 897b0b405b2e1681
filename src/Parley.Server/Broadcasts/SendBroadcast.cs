using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Conversations;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;
using Parley.Templates;

namespace Parley.Broadcasts;

/// <summary>
/// Sends a template to a list of contacts (SPEC §2): opted-out contacts are skipped, and so are
/// contacts in an ongoing conversation on the channel (<see cref="ConversationStatuses.Ongoing"/>) unless
/// hasPriority — then the template joins that conversation. Everyone else gets a new conversation,
/// Sent until they reply. Set-based: two reads, one save; the outbound pass sends the messages.
/// </summary>
public sealed class SendBroadcast(ParleyDbContext db, TemplateSending sending, ILiveBus live, CurrentUser me, TimeProvider clock) : IHandler
{
    public const int MaxContacts = 1000;

    public sealed record Request(Guid? ChannelId, Guid? TemplateId, IReadOnlyList<Guid>? ContactIds, bool? HasPriority, IReadOnlyList<string>? Parameters);

    public sealed record Outcome(Guid ContactId, string Result, Guid? ConversationId);

    public sealed record Response(int Started, int Joined, int Skipped, IReadOnlyList<Outcome> Results);

    public async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (request.ChannelId is null)
            validation.Add("channelId", "'channelId' is required.");
        if (request.TemplateId is null)
            validation.Add("templateId", "'templateId' is required.");
        if (request.ContactIds is not { Count: > 0 and <= MaxContacts })
            validation.Add("contactIds", $"'contactIds' must list 1 to {MaxContacts} contacts.");
        if (!validation.IsValid)
            return validation.ToProblem();

        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ChannelId, cancellationToken);
        if (channel is null)
            return Problem.NotFound("The channel");
        var template = await db.Templates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == request.TemplateId, cancellationToken);
        if (template is null)
            return Problem.NotFound("The template");
        var parameters = request.Parameters ?? [];
        sending.Check(template, channel.Type, channel.Id, parameters, writesFirst: true, validation);
        if (!validation.IsValid)
            return validation.ToProblem();

        var ids = request.ContactIds!.Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var ongoing = (await db.Conversations.Include(c => c.Tags)
                .Where(c => c.ChannelId == channel.Id && ids.Contains(c.ContactId) && ConversationStatuses.Ongoing.Contains(c.Status))
                .ToListAsync(cancellationToken))
            .GroupBy(c => c.ContactId).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.LastActivityAt).First());
        var sender = await sending.SenderAsync(template, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var by = EventActor.Of(me);
        var outcomes = new List<Outcome>(ids.Count);
        var notices = new List<LiveEvent>();
        foreach (var id in ids)
        {
            if (!contacts.TryGetValue(id, out var contact))
            {
                outcomes.Add(new Outcome(id, "not_found", null));
                continue;
            }
            if (contact.OptedOut)
            {
                outcomes.Add(new Outcome(id, "skipped_opted_out", null));
                continue;
            }
            var joined = ongoing.GetValueOrDefault(id);
            if (joined is not null && request.HasPriority != true)
            {
                outcomes.Add(new Outcome(id, "skipped_ongoing", joined.Id));
                continue;
            }
            var text = TemplateSending.Render(template, parameters, TemplateContext.For(contact, sender));
            var conversation = joined ?? Conversation.StartedByBusiness(Ids.New(clock), contact.Id, channel.Id, channel.TeamId, null, me.Id, by, now);
            if (joined is null)
                db.Conversations.Add(conversation);
            conversation.Reply(text, by, now);
            var message = TemplateSending.Reply(Ids.New(clock), conversation, by, template, parameters, text, now);
            db.Messages.Add(message);
            notices.Add(LiveNotices.NewMessage(conversation, message));
            outcomes.Add(new Outcome(id, joined is null ? "started" : "joined", conversation.Id));
        }
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAllAsync(notices, cancellationToken);
        return TypedResults.Ok(new Response(
            outcomes.Count(o => o.Result == "started"), outcomes.Count(o => o.Result == "joined"), outcomes.Count(o => o.Result.StartsWith("skipped", StringComparison.Ordinal)), outcomes));
    }
}
