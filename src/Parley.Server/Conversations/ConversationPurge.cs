using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Attachments;
using Parley.Live;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Conversations;

/// <summary>
/// Removes conversations for good: the one purge that the Maintenance sweep (Deleted past the
/// buffer) and erasure (a contact's conversations) both call. Batch by batch, each batch one
/// transaction that locks its conversations, records their files in file_deletions and deletes
/// children before parents (message views, read states, reminders, attachments, messages, events,
/// tags, conversations), then, when asked, the contacts no conversation references any more
/// (checked in the DELETE itself). After the commit the files go from storage and open inboxes
/// are told. A crash leaves every committed batch done; <see cref="DeletePendingFilesAsync"/>
/// finishes any file deletions left behind.
/// </summary>
public sealed partial class ConversationPurge(ParleyDbContext db, ISqlDialect dialect, IAttachmentStore store, ILiveBus live, TimeProvider clock,
    ILogger<ConversationPurge> logger) : IHandler
{
    /// <summary>One committed batch: its conversations and the rows removed per table, files last.</summary>
    public sealed record Batch(IReadOnlyList<Guid> ConversationIds, IReadOnlyDictionary<string, long> Rows);

    private sealed record Row(Guid Id, Guid ContactId, Guid ChannelId, Guid? AssigneeId, Guid? TeamId, ConversationStatus Status);

    /// <summary>
    /// Purges every conversation <paramref name="which"/> selects (of the organisation entered),
    /// <paramref name="batchSize"/> at a time in its order; each batch is yielded once committed
    /// and its files deleted. The query is run again for each batch, so it must stop selecting
    /// what was purged (it does: the rows are gone).
    /// </summary>
    /// <param name="deleteContacts">Also delete the batch's contacts that no conversation references any more.</param>
    public async IAsyncEnumerable<Batch> PurgeAsync(IQueryable<Conversation> which, bool deleteContacts, int batchSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var organizationId = db.Tenant.OrganizationId ?? throw new InvalidOperationException("A purge runs inside an organisation scope.");
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            List<Row> rows;
            List<string> files;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                rows = await dialect.ForUpdate(which.Take(batchSize)
                    .Select(c => new Row(c.Id, c.ContactId, c.ChannelId, c.AssigneeId, c.TeamId, c.Status))).ToListAsync(cancellationToken);
                if (rows.Count == 0)
                {
                    await transaction.CommitAsync(cancellationToken);
                    break;
                }
                var ids = rows.ConvertAll(r => r.Id);

                files = await RecordFilesAsync(db.Attachments.Where(a => a.ConversationId != null && ids.Contains(a.ConversationId.Value)), now, cancellationToken);

                // Children before parents, each one set-based statement.
                counts["messageViews"] = await db.MessageViews.Where(v => ids.Contains(v.ConversationId)).ExecuteDeleteAsync(cancellationToken);
                counts["readStates"] = await db.ConversationReads.Where(r => ids.Contains(r.ConversationId)).ExecuteDeleteAsync(cancellationToken);
                counts["reminders"] = await db.Reminders.Where(r => ids.Contains(r.ConversationId)).ExecuteDeleteAsync(cancellationToken);
                counts["attachments"] = await db.Attachments.Where(a => a.ConversationId != null && ids.Contains(a.ConversationId.Value)).ExecuteDeleteAsync(cancellationToken);
                counts["messages"] = await db.Messages.Where(m => ids.Contains(m.ConversationId)).ExecuteDeleteAsync(cancellationToken);
                counts["events"] = await db.ConversationEvents.Where(e => ids.Contains(e.ConversationId)).ExecuteDeleteAsync(cancellationToken);
                counts["tags"] = await db.ConversationTags.Where(t => ids.Contains(t.ConversationId)).ExecuteDeleteAsync(cancellationToken);
                counts["conversations"] = await db.Conversations.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);

                if (deleteContacts)
                {
                    var contactIds = rows.Select(r => r.ContactId).Distinct().ToList();
                    // Locked first, so no conversation can take one of them between the check and the delete.
                    await dialect.ForUpdate(db.Contacts.Where(c => contactIds.Contains(c.Id)).Select(c => c.Id)).ToListAsync(cancellationToken);
                    counts["contacts"] = await db.Contacts
                        .Where(c => contactIds.Contains(c.Id) && !db.Conversations.Any(v => v.ContactId == c.Id))
                        .ExecuteDeleteAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            counts["files"] = await DeleteFilesAsync(files, cancellationToken);
            await live.PublishAllAsync(rows.Select(r => LiveNotices.Purged(organizationId, new ConversationRoute(r.Id, r.ChannelId, r.AssigneeId, r.TeamId), r.Status)),
                CancellationToken.None);
            yield return new Batch(rows.ConvertAll(r => r.Id), counts);
        }
        // The erased bytes leave the database's own files too (SQLite's WAL), once per purge.
        await dialect.AfterErasureAsync(db, cancellationToken);
    }

    /// <summary>
    /// Records the stored files of <paramref name="attachments"/> in file_deletions, inside the
    /// caller's transaction: a crash after the commit leaves them for <see cref="DeletePendingFilesAsync"/>.
    /// </summary>
    public async Task<List<string>> RecordFilesAsync(IQueryable<Attachment> attachments, DateTime now, CancellationToken cancellationToken)
    {
        var keys = await attachments.Where(a => a.StorageKey != null).Select(a => a.StorageKey!).ToListAsync(cancellationToken);
        await dialect.InsertAllAsync(db, keys.ConvertAll(key => new FileDeletion(key, now)), cancellationToken);
        return keys;
    }

    /// <summary>
    /// After an erasure outside <see cref="PurgeAsync"/> committed: its recorded files go from storage,
    /// then the database's own files are cleared of the erased bytes. Not cancellable: the rows are
    /// gone, so the rest must follow.
    /// </summary>
    public async Task FinishErasureAsync()
    {
        await DeletePendingFilesAsync(FileBatch, CancellationToken.None);
        await dialect.AfterErasureAsync(db, CancellationToken.None);
    }

    private const int FileBatch = 100;

    /// <summary>Files of purges whose deletion from storage did not happen (a crash after the commit), <paramref name="batchSize"/> at a time.</summary>
    public async Task DeletePendingFilesAsync(int batchSize, CancellationToken cancellationToken)
    {
        while (true)
        {
            var keys = await db.FileDeletions.OrderBy(f => f.RequestedAt).Select(f => f.StorageKey).Take(batchSize).ToListAsync(cancellationToken);
            if (keys.Count == 0 || await DeleteFilesAsync(keys, cancellationToken) == 0)
                return;
        }
    }

    private async Task<int> DeleteFilesAsync(List<string> keys, CancellationToken cancellationToken)
    {
        var deleted = new List<string>();
        foreach (var key in keys)
        {
            try
            {
                await store.DeleteAsync(key, cancellationToken);
                deleted.Add(key);
            }
            catch (IOException e)
            {
                LogFileKept(logger, key, e.Message);
            }
        }
        await db.FileDeletions.Where(f => deleted.Contains(f.StorageKey)).ExecuteDeleteAsync(cancellationToken);
        return deleted.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete purged file {StorageKey} yet: {Reason}")]
    private static partial void LogFileKept(ILogger logger, string storageKey, string reason);
}

/// <summary>
/// A stored file whose rows were purged: deleted from attachment storage after the purge commits,
/// and this row with it. A crash in between leaves the row, and the next purge finishes the job.
/// </summary>
public sealed class FileDeletion
{
    private FileDeletion() { }

    public FileDeletion(string storageKey, DateTime requestedAt)
    {
        StorageKey = storageKey;
        RequestedAt = requestedAt;
    }

    public string StorageKey { get; private set; } = "";
    public DateTime RequestedAt { get; private set; }
}

internal sealed class FileDeletionConfiguration : IEntityTypeConfiguration<FileDeletion>
{
    public void Configure(EntityTypeBuilder<FileDeletion> builder)
    {
        builder.HasKey(f => f.StorageKey);
        builder.Property(f => f.StorageKey).HasMaxLength(200);
    }
}
