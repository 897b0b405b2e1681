using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Parley.Conversations;
using Parley.Identity;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Attachments;

/// <summary>
/// A file and its bytes, for whoever may see its conversation (an upload not yet sent: only its
/// uploader). Served as a download with nosniff and a sandbox policy, whatever its type.
/// </summary>
public sealed class GetAttachment(ParleyDbContext db, ConversationAccess access, IAttachmentStore store, CurrentUser me) : IHandler
{
    public async Task<Results<Ok<AttachmentResponse>, ProblemHttpResult>> Handle(Guid id, CancellationToken cancellationToken) =>
        await FindVisibleAsync(id, cancellationToken) is { } attachment
            ? TypedResults.Ok(AttachmentResponse.Of(attachment))
            : Problem.NotFound("The attachment");

    public async Task<IResult> Content(Guid id, HttpResponse response, CancellationToken cancellationToken)
    {
        var attachment = await FindVisibleAsync(id, cancellationToken);
        if (attachment is null)
            return Problem.NotFound("The attachment");
        if (attachment.Status != AttachmentStatus.Stored)
            return Problem.Conflict(attachment.Status == AttachmentStatus.Pending
                ? "The file is still being fetched from the provider."
                : $"The file could not be fetched from the provider: {attachment.Error}");
        return await ServeAsync(attachment, store, response, cancellationToken);
    }

    internal static async Task<IResult> ServeAsync(Attachment attachment, IAttachmentStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        var content = await store.OpenReadAsync(attachment.StorageKey!, cancellationToken);
        if (content is null)
            return Problem.NotFound("The attachment's file");
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.ContentSecurityPolicy] = "sandbox; default-src 'none'";
        response.Headers[HeaderNames.CacheControl] = "private, max-age=3600";
        return TypedResults.File(content, attachment.ContentType, attachment.FileName);
    }

    private async Task<Attachment?> FindVisibleAsync(Guid id, CancellationToken cancellationToken)
    {
        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (attachment is null)
            return null;
        if (attachment.ConversationId is not { } conversationId)
            return attachment.UploadedByUserId == me.Id ? attachment : null;
        return await (await access.VisibleAsync(cancellationToken)).AnyAsync(c => c.Id == conversationId, cancellationToken) ? attachment : null;
    }
}
