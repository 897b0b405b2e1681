namespace Parley.Contacts;

public static class ContactEndpoints
{
    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        // Every signed-in user (the fallback policy): agents save unknown senders and edit contacts (SPEC §2).
        var contacts = app.MapGroup("/api/v1/contacts").WithTags("Contacts");
        contacts.MapGet("/", (string? q, string? cursor, int? limit, SearchContacts handler, CancellationToken ct) => handler.Handle(q, cursor, limit, ct))
            .WithName("SearchContacts")
            .WithSummary("Contacts whose name starts with q (any case) or whose phone is q in any format; all contacts without q. Keyset-paged by name.");
        contacts.MapGet("/{id:guid}", (Guid id, GetContact handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("GetContact");
        contacts.MapPost("/", (CreateContact.Request request, CreateContact handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("CreateContact")
            .WithSummary("Create a contact with at least one of name, phone, email or external id; the phone is stored in E.164.");
        contacts.MapPatch("/{id:guid}", (Guid id, UpdateContact.Request request, UpdateContact handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("UpdateContact")
            .WithSummary("Change a contact: null leaves a field as it is, an empty string clears it.");
        return app;
    }
}
