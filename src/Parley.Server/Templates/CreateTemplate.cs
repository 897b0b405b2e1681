using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Channels;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Templates;

public sealed class CreateTemplate(ParleyDbContext db, ChannelAdapters adapters, TimeProvider clock) : IHandler
{
    public sealed record Request(TemplateKind? Kind, string? Name, string? Text, string? Language, int? Parameters, Guid? ChannelId);

    public async Task<Results<Created<TemplateResponse>, ValidationProblem, ProblemHttpResult>> Handle(Request request, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var name = TemplateFields.Clean(request.Name);
        var text = TemplateFields.Clean(request.Text);
        var language = TemplateFields.Clean(request.Language);
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            validation.Add("kind", "'kind' is required: 'Conversation' or 'WhatsApp'.");
            validation.Required("name", name, TemplateFields.NameMaxLength);
            validation.Required("text", text, TemplateFields.TextMaxLength);
            return validation.ToProblem();
        }
        TemplateFields.Validate(kind, name, text, language, request.Parameters, request.ChannelId, validation);
        if (kind == TemplateKind.WhatsApp && request.ChannelId is { } channelId
            && !await adapters.AnyChannelAsync(db, channelId, a => a.SendsRegisteredTemplates, cancellationToken))
            validation.Add("channelId", "No such WhatsApp channel.");
        if (!validation.IsValid)
            return validation.ToProblem();
        // The unique index catches two simultaneous creates; this gives the usual case a clear answer.
        if (await db.Templates.AnyAsync(t => t.Kind == kind && t.Name == name, cancellationToken))
            return Problem.Conflict($"A {kind} template with this name already exists.");

        var template = new Template(Ids.New(clock), kind, name!, text!, language, request.Parameters, request.ChannelId, clock.GetUtcNow().UtcDateTime);
        db.Templates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/templates/{template.Id}", TemplateResponse.From(template));
    }
}
