namespace Parley.Templates;

public sealed record TemplateResponse(
    Guid Id, TemplateKind Kind, string Name, string Text, string? Language, int? Parameters, Guid? ChannelId, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static TemplateResponse From(Template t) =>
        new(t.Id, t.Kind, t.Name, t.Text, t.Language, t.Parameters, t.ChannelId, t.CreatedAt, t.UpdatedAt);
}
