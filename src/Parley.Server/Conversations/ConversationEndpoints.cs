using Parley.Platform;
using Parley.Platform.Scheduling;

namespace Parley.Conversations;

public static class ConversationEndpoints
{
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConversationAccess>();
        builder.Services.AddScoped<ConversationViews>();
        builder.Services.AddScoped<ConversationChanges>();
        builder.Services.AddScoped<Assignment>();
        // Replies, new conversations and broadcasts send templates through it.
        builder.Services.AddScoped<Templates.TemplateSending>();
        builder.Services.AddScoped<ConversationTimeline>();
        builder.Services.AddClaimedWork();
        builder.Services.AddSingleton<FireDueReminders>();
        builder.Services.AddHostedService<ReminderService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapConversations(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/api/v1/conversations").WithTags("Conversations");

        conversations.MapGet("/", ([AsParameters] ListConversations.Query query, ListConversations handler, CancellationToken ct) => handler.Handle(query, ct))
            .WithName("ListConversations")
            .WithSummary("An inbox view (mine, unassigned, team, sent, archived, deleted, all) with filters, newest activity first, keyset-paged.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        conversations.MapPost("/", (StartConversation.Request request, StartConversation handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("StartConversation")
            .WithSummary("Write to a contact first; the conversation is Sent until they answer.");
        conversations.MapPost("/read", (MarkRead.Request request, MarkRead handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("MarkRead")
            .WithSummary("Mark conversations read or unread for yourself, or (admins) for another user.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        conversations.MapPost("/bulk", (BulkConversations.Request request, BulkConversations handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("BulkConversations")
            .WithSummary("read, unread, assign, resolve, reopen, archive, unarchive, spam, tag or team (move to a team) up to 1,000 conversations; a result per id.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        conversations.MapGet("/unread-counts", (UnreadCounts handler, CancellationToken ct) => handler.Handle(ct))
            .WithName("GetUnreadCounts")
            .WithSummary("Your unread count in each inbox view of the rail (mine, unassigned, your teams, sent, archived; admins: every team and deleted), each capped at 100.");

        conversations.MapGet("/{id:guid}", (Guid id, GetConversation handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("GetConversation")
            .WithSummary("Open a conversation (marks it read for you and records what you viewed).");
        conversations.MapPatch("/{id:guid}", (Guid id, UpdateConversation.Request request, UpdateConversation handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("UpdateConversation")
            .WithSummary("Edit subject, priority, tags (the full list) or team (admins only).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        conversations.MapGet("/{id:guid}/messages", (Guid id, string? cursor, int? limit, [OneOf(ConversationTimeline.Oldest, ConversationTimeline.Newest)] string? order,
                ListMessages handler, CancellationToken ct) => handler.Handle(id, cursor, limit, order, ct))
            .WithName("ListMessages")
            .WithSummary("Messages in time order (order=newest: newest first, the cursor continuing towards older ones) with delivery status and viewed timestamps.");
        conversations.MapPost("/{id:guid}/messages", (Guid id, PostMessage.Request request, PostMessage handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("PostMessage")
            .WithSummary("Reply (queued for the channel) or add an internal note; optionally then archive, reopen or resolve.");
        conversations.MapGet("/{id:guid}/events", (Guid id, string? cursor, int? limit, [OneOf(ConversationTimeline.Oldest, ConversationTimeline.Newest)] string? order,
                ListEvents handler, CancellationToken ct) => handler.Handle(id, cursor, limit, order, ct))
            .WithName("ListEvents")
            .WithSummary("The conversation's event trail in time order (order=newest: newest first, the cursor continuing towards older ones).");
        conversations.MapPost("/{id:guid}/notes/{messageId:guid}/pin", (Guid id, Guid messageId, PinNote handler, CancellationToken ct) => handler.Handle(id, messageId, true, ct))
            .WithName("PinNote");
        conversations.MapPost("/{id:guid}/notes/{messageId:guid}/unpin", (Guid id, Guid messageId, PinNote handler, CancellationToken ct) => handler.Handle(id, messageId, false, ct))
            .WithName("UnpinNote");
        conversations.MapPost("/{id:guid}/assign", (Guid id, AssignConversation.Request request, AssignConversation handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("AssignConversation")
            .WithSummary("Assign to a user and/or team (Guid.Empty clears); agents take unassigned ones, pass their own to a teammate or give them back.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        conversations.MapPost("/{id:guid}/merge", (Guid id, MergeConversations.Request request, MergeConversations handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("MergeConversations")
            .WithSummary("Merge this conversation into another of the same contact.");
        conversations.MapPost("/{id:guid}/reminders", (Guid id, AddReminder.Request request, AddReminder handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("AddReminder")
            .WithSummary("A reminder fires at its time: an event, and a pending conversation reopens.");

        // One route per action, so each shows in the API description and in the tenancy test.
        foreach (var action in ChangeStatus.Actions.Keys)
        {
            var route = conversations.MapPost($"/{{id:guid}}/{action}", (Guid id, ChangeStatus handler, CancellationToken ct) => handler.Handle(id, action, ct))
                .WithName($"Conversation_{action}")
                .WithSummary($"The '{action}' status action.");
            if (ChangeStatus.Actions[action])
                route.ProducesProblem(StatusCodes.Status403Forbidden);
        }
        return app;
    }
}
