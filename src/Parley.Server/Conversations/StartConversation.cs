using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Conversations;

/// <summary>The business writes first: the conversation is Sent until the customer answers, owned by its starter.</summary>
public sealed class StartConversation(ParleyDbContext db, ConversationViews views, ILiveBus live, CurrentUser me, TimeProvider clock) : IHandler
{
    public sealed record Request(Guid? ContactId, Guid? ChannelId, string? Subject, string? Text);

    public async Task<Results<Created<ConversationDetail>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation().Required("text", request.Text, 10_000).MaxLength("subject", request.Subject, 300);
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
        if (!channel.IsActive)
            return Problem.Conflict("The channel is inactive.");
        if (contact.OptedOut)
            return Problem.Conflict("The contact opted out; Parley never writes to an opted-out contact.");
        var ongoing = await db.Conversations.Where(c => c.ContactId == contact.Id && c.ChannelId == channel.Id
                && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending || c.Status == ConversationStatus.Automated || c.Status == ConversationStatus.Sent))
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (ongoing is { } existing)
            return Problem.Conflict("The contact already has a live conversation on this channel.", $"Reply in conversation {existing}.");

        var now = clock.GetUtcNow().UtcDateTime;
        var lastInbound = await db.Conversations.Where(c => c.ContactId == contact.Id && c.ChannelId == channel.Id)
            .MaxAsync(c => c.LastInboundAt, cancellationToken);
        if (!CareWindow.IsOpen(channel.Type, lastInbound, now))
            return Problem.Conflict("The WhatsApp customer care window is closed.",
                "The customer has not written in the last 24 hours: only a registered WhatsApp template may start the conversation.");
        var by = Audit.EventActor.Of(me);
        var conversation = Conversation.StartedByBusiness(Ids.New(clock), contact.Id, channel.Id, channel.TeamId, Clean(request.Subject), me.Id, by, now);
        var text = request.Text!.Trim();
        conversation.Reply(text, by, now);
        var message = Message.Reply(Ids.New(clock), conversation, by, text, now);
        db.Conversations.Add(conversation);
        db.Messages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAsync(LiveNotices.NewMessage(conversation, message), cancellationToken);

        return TypedResults.Created($"/api/v1/conversations/{conversation.Id}", (await views.DetailAsync(conversation.Id, cancellationToken))!);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
