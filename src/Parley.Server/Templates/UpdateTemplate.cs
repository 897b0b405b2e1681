using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Channels;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Templates;

/// <summary>Edits a template: a null field stays as it is; channelId Guid.Empty clears the channel.</summary>
public sealed class UpdateTemplate(ParleyDbContext db, ChannelAdapters adapters, TimeProvider clock) : IHandler
{
    /// <param name="Kind">Accepted only when it is the template's own: the kind decides which fields exist, so it never changes.</param>
    public sealed record Request(TemplateKind? Kind, string? Name, string? Text, string? Language, int? Parameters, Guid? ChannelId);

    public async Task<Results<Ok<TemplateResponse>, ValidationProblem, ProblemHttpResult>> Handle(Guid id, Request request, CancellationToken cancellationToken)
    {
        // Looked up before the body is judged: another organisation's id is a 404 whatever it sent.
        var template = await db.Templates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null)
            return Problem.NotFound("The template");

        var validation = new Validation();
        if (request.Kind is { } kind && kind != template.Kind)
            validation.Add("kind", "'kind' cannot change; create a new template instead.");
        // A present but blank name or text is reported as missing rather than kept as it was.
        var name = request.Name is null ? template.Name : TemplateFields.Clean(request.Name);
        var text = request.Text is null ? template.Text : TemplateFields.Clean(request.Text);
        var language = request.Language is null ? template.Language : TemplateFields.Clean(request.Language);
        var parameters = request.Parameters ?? template.Parameters;
        var channelId = request.ChannelId is null ? template.ChannelId : request.ChannelId == Guid.Empty ? null : request.ChannelId;
        TemplateFields.Validate(template.Kind, name, text, language, parameters, channelId, validation);
        if (template.Kind == TemplateKind.WhatsApp && channelId is { } channel && channel != template.ChannelId
            && !await adapters.AnyChannelAsync(db, channel, a => a.SendsRegisteredTemplates, cancellationToken))
            validation.Add("channelId", "No such WhatsApp channel.");
        if (!validation.IsValid)
            return validation.ToProblem();
        if (name != template.Name && await db.Templates.AnyAsync(t => t.Kind == template.Kind && t.Name == name && t.Id != id, cancellationToken))
            return Problem.Conflict($"A {template.Kind} template with this name already exists.");

        // Only a real change moves UpdatedAt: a PATCH that repeats the current values writes nothing.
        if (name != template.Name || text != template.Text || language != template.Language || parameters != template.Parameters || channelId != template.ChannelId)
            template.Update(name!, text!, language, parameters, channelId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(TemplateResponse.From(template));
    }
}
