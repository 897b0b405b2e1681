using Parley.Platform;
using Parley.Identity;

namespace Parley.Templates;

public static class TemplateEndpoints
{
    public static IEndpointRouteBuilder MapTemplates(this IEndpointRouteBuilder app)
    {
        // Every signed-in user reads them (agents pick one while replying); only admins change them.
        var templates = app.MapGroup("/api/v1/templates").WithTags("Templates");
        templates.MapGet("/", (string? q, [OneOf(typeof(TemplateKind))] string? kind, string? cursor, int? limit, SearchTemplates handler, CancellationToken ct) => handler.Handle(q, kind, cursor, limit, ct))
            .WithName("SearchTemplates")
            .WithSummary("Templates whose name starts with q (any case), optionally of one kind; all templates without q. Keyset-paged by name.");
        templates.MapGet("/{id:guid}", (Guid id, GetTemplate handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("GetTemplate");

        var admin = templates.MapGroup("").RequireAuthorization(Authentication.AdminPolicy);
        admin.MapPost("/", (CreateTemplate.Request request, CreateTemplate handler, CancellationToken ct) => handler.Handle(request, ct))
            .WithName("CreateTemplate")
            .WithSummary("Create a Conversation template ({{contact.name}}-style placeholders) or a WhatsApp template as registered with Meta (language, {{1}}..{{n}} parameters).");
        admin.MapPatch("/{id:guid}", (Guid id, UpdateTemplate.Request request, UpdateTemplate handler, CancellationToken ct) => handler.Handle(id, request, ct))
            .WithName("UpdateTemplate")
            .WithSummary("Change a template: null leaves a field as it is; channelId Guid.Empty clears it. The kind never changes.");
        admin.MapDelete("/{id:guid}", (Guid id, DeleteTemplate handler, CancellationToken ct) => handler.Handle(id, ct))
            .WithName("DeleteTemplate");
        return app;
    }
}
