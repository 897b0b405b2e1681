using Microsoft.EntityFrameworkCore;
using Parley.Attachments;
using Parley.Conversations;
using Parley.Platform.Persistence;

namespace Parley.Privacy;

/// <summary>What every single erasure does around its transaction, as the purge does for whole conversations.</summary>
internal static class Erasures
{
    private const int FileBatch = 100;

    /// <summary>Records the stored files of <paramref name="attachments"/> in file_deletions, inside the erasure's transaction.</summary>
    public static async Task RecordFilesAsync(ParleyDbContext db, ISqlDialect dialect, IQueryable<Attachment> attachments, DateTime now, CancellationToken cancellationToken)
    {
        var keys = await attachments.Where(a => a.StorageKey != null).Select(a => a.StorageKey!).ToListAsync(cancellationToken);
        await dialect.InsertAllAsync(db, keys.ConvertAll(key => new FileDeletion(key, now)), cancellationToken);
    }

    /// <summary>
    /// After the commit: the files go from storage (a crash before leaves them recorded for the
    /// next purge), then the database's own files are cleared of the erased bytes. Not cancelled
    /// with the request: the rows are gone, so the rest must follow.
    /// </summary>
    public static async Task FinishAsync(ParleyDbContext db, ConversationPurge purge, ISqlDialect dialect)
    {
        await purge.DeletePendingFilesAsync(FileBatch, CancellationToken.None);
        await dialect.AfterErasureAsync(db, CancellationToken.None);
    }
}
