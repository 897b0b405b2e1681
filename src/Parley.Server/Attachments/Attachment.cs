using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Conversations;
using Parley.Identity;
using Parley.Platform.Tenancy;

namespace Parley.Attachments;

public enum AttachmentStatus
{
    /// <summary>Inbound media the provider still holds; the download worker fetches it.</summary>
    Pending,
    Stored,
    /// <summary>The provider's media could not be fetched or was refused by the limits; see Error.</summary>
    Failed,
}

/// <summary>
/// A file on a message: an agent's upload (unattached until a message takes it) or a customer's
/// media, downloaded from the provider after the message was committed. The bytes live in
/// <see cref="IAttachmentStore"/> under a key Parley generates; the name the sender gave is only
/// shown, never used as a path.
/// </summary>
public sealed class Attachment : ITenantOwned
{
    private Attachment() { }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid? ConversationId { get; private set; }
    public Guid? MessageId { get; private set; }
    public Guid? UploadedByUserId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    /// <summary>Lower-case hex SHA-256 of the stored bytes.</summary>
    public string? Sha256 { get; private set; }
    public string? StorageKey { get; private set; }
    public AttachmentStatus Status { get; private set; }
    /// <summary>Where the provider holds inbound media: Twilio's media URL, or WhatsApp's media id.</summary>
    public string? ProviderMedia { get; private set; }
    public int DownloadAttempts { get; private set; }
    public DateTime? NextAttemptAt { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The secret part of the URL a provider fetches outbound media from (256 random bits).</summary>
    public string AccessKey { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public static Attachment Uploaded(Guid id, Guid organizationId, Guid userId, string fileName, string contentType, DateTime at) => new()
    {
        Id = id,
        OrganizationId = organizationId,
        UploadedByUserId = userId,
        FileName = fileName,
        ContentType = contentType,
        Status = AttachmentStatus.Pending,
        AccessKey = NewAccessKey(),
        CreatedAt = at,
    };

    public static Attachment Inbound(Guid id, Message message, string providerMedia, string? contentType, string fileName, DateTime at) => new()
    {
        Id = id,
        ConversationId = message.ConversationId,
        MessageId = message.Id,
        FileName = fileName,
        ContentType = contentType ?? "application/octet-stream",
        Status = AttachmentStatus.Pending,
        ProviderMedia = providerMedia,
        AccessKey = NewAccessKey(),
        CreatedAt = at,
    };

    public bool IsAttached => MessageId is not null;

    public void MarkStored(string storageKey, long size, string sha256, string contentType)
    {
        StorageKey = storageKey;
        Size = size;
        Sha256 = sha256;
        ContentType = contentType;
        Status = AttachmentStatus.Stored;
        NextAttemptAt = null;
        Error = null;
    }

    public void RetryAt(DateTime at, string reason)
    {
        DownloadAttempts++;
        NextAttemptAt = at;
        Error = Trim(reason);
    }

    public void Fail(string reason)
    {
        DownloadAttempts++;
        Status = AttachmentStatus.Failed;
        NextAttemptAt = null;
        Error = Trim(reason);
    }

    private static string Trim(string reason) => reason.Length > 500 ? reason[..500] : reason;

    private static string NewAccessKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.FileName).HasMaxLength(200);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.StorageKey).HasMaxLength(200);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.ProviderMedia).HasMaxLength(2000);
        builder.Property(a => a.Error).HasMaxLength(500);
        builder.Property(a => a.AccessKey).HasMaxLength(64);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UploadedByUserId).OnDelete(DeleteBehavior.SetNull);
        // A message's files; and, with message_id null, uploads never sent (cleaned after a day).
        builder.HasIndex(a => new { a.MessageId, a.CreatedAt });
        builder.HasIndex(a => a.ConversationId);
        // The download worker's queue.
        builder.HasIndex(a => new { a.Status, a.NextAttemptAt });
    }
}
