using Parley.Identity;

namespace Parley.Privacy;

public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        // Erasure is irrevocable and admin-only (SPEC §5); an agent gets 403. The routes stay on
        // the resources they erase.
        var api = app.MapGroup("/api/v1").RequireAuthorization(Authentication.AdminPolicy);
        api.MapDelete("/contacts/{id:guid}", (Guid id, EraseContact handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithTags("Contacts")
            .WithName("EraseContact")
            .WithSummary("Erase a contact with everything of theirs: conversations, messages, attachments and files, read states, viewed records, reminders, events. Irrevocable.");
        api.MapDelete("/messages/{id:guid}", (Guid id, DeleteMessage handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithTags("Conversations")
            .WithName("DeleteMessage")
            .WithSummary("Erase one message with its attachments and files; a MessageDeleted event keeps who and when, not the content. Irrevocable.");
        api.MapDelete("/attachments/{id:guid}", (Guid id, DeleteAttachment handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithTags("Attachments")
            .WithName("DeleteAttachment")
            .WithSummary("Erase one attachment and its file; one on a message leaves an AttachmentDeleted event. Irrevocable.");
        return app;
    }
}
