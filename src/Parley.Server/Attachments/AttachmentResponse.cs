namespace Parley.Attachments;

/// <summary>A file as the API shows it; <c>url</c> downloads it (signed-in, same visibility as its conversation).</summary>
public sealed record AttachmentResponse(Guid Id, string FileName, string ContentType, long Size, AttachmentStatus Status, string? Error, string Url)
{
    public static AttachmentResponse Of(Attachment a) =>
        new(a.Id, a.FileName, a.ContentType, a.Size, a.Status, a.Error, $"/api/v1/attachments/{a.Id}/content");
}
