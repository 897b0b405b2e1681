using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Parley.Conversations;
using Parley.Platform;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Attachments;

/// <summary>
/// GET /media/{id}/{key}: where Twilio and Meta fetch the files of our outgoing messages (they take
/// a URL, not bytes). Anonymous, proven by the attachment's 256-bit access key; only files of sent
/// replies, and only for a week after the reply.
/// </summary>
public sealed class ServeProviderMedia(ParleyDbContext db, IAttachmentStore store, TimeProvider clock) : IHandler
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public async Task<IResult> Handle(Guid id, string key, HttpResponse response, CancellationToken cancellationToken)
    {
        var found = await db.Attachments.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AsNoTracking()
            .Where(a => a.Id == id && a.Status == AttachmentStatus.Stored)
            .Join(db.Messages.IgnoreQueryFilters([ParleyDbContext.TenantFilter]), a => a.MessageId, m => m.Id, (a, m) => new { Attachment = a, m.Direction, m.Kind, m.CreatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (found is null || found.Direction != MessageDirection.Out || found.Kind != MessageKind.Message || now - found.CreatedAt > Lifetime
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(found.Attachment.AccessKey), Encoding.UTF8.GetBytes(key)))
            return Problem.NotFound("The media");
        return await GetAttachment.ServeAsync(found.Attachment, store, response, cancellationToken);
    }

    public static string UrlOf(string publicBase, Attachment attachment) => $"{publicBase}/media/{attachment.Id}/{attachment.AccessKey}";
}
