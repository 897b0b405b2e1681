using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Attachments;

/// <summary>
/// POST /api/v1/attachments (multipart/form-data, one part named <c>file</c>): stores a file an agent
/// is about to send. It belongs to the uploader until a message takes it (attachmentIds on a reply
/// or note); an upload no message takes is removed after a day.
/// </summary>
public sealed class UploadAttachment(ParleyDbContext db, IAttachmentStore store, AttachmentLimits limits, CurrentUser me, TimeProvider clock) : IHandler
{
    /// <summary>The body as the API description shows it (the handler reads the form itself, to check the part).</summary>
    public sealed record Form(IFormFile File);

    public async Task<Results<Created<AttachmentResponse>, ValidationProblem, ProblemHttpResult>> Handle(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || !(request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Upload the file as multipart/form-data in a part named 'file'.");
        var form = await request.ReadFormAsync(cancellationToken);
        var validation = new Validation();
        if (form.Files.Count != 1 || form.Files[0].Name != "file")
            return validation.Add("file", "Send exactly one file, in a part named 'file'.").ToProblem();
        var file = form.Files[0];
        var contentType = AttachmentLimits.Normalize(file.ContentType);
        if (contentType is null)
            validation.Add("file", $"Files of type '{file.ContentType}' are not accepted.");
        else if (file.Length == 0)
            validation.Add("file", "The file is empty.");
        else if (file.Length > limits.MaxBytes)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The file is larger than the limit of {limits.MaxBytes} bytes.");
        if (!validation.IsValid)
            return validation.ToProblem();

        await using (var head = file.OpenReadStream())
        {
            var buffer = new byte[16];
            var read = await head.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (!AttachmentLimits.StartsLike(contentType!, buffer.AsSpan(0, read)))
                return validation.Add("file", $"The file's content is not {contentType}.").ToProblem();
        }

        var id = Ids.New(clock);
        var attachment = Attachment.Uploaded(id, me.OrganizationId, me.Id, AttachmentLimits.DisplayName(file.FileName, id, contentType!), contentType!, clock.GetUtcNow().UtcDateTime);
        var key = AttachmentKeys.For(me.OrganizationId, id);
        await using (var content = file.OpenReadStream())
        {
            var stored = await store.WriteAsync(key, content, limits.MaxBytes, cancellationToken);
            attachment.MarkStored(key, stored.Size, stored.Sha256, contentType!);
        }
        db.Attachments.Add(attachment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            // No row points at the file: it must not outlive the failed request.
            await store.DeleteAsync(key, CancellationToken.None);
            throw;
        }
        return TypedResults.Created($"/api/v1/attachments/{id}", AttachmentResponse.Of(attachment));
    }
}
