using System.Security.Cryptography;

namespace Parley.Attachments;

/// <summary>
/// Where attachment bytes live. The local data folder by default; a store shared by every node
/// (an object store, a network volume) replaces it by registering another implementation.
/// Keys are Parley's own (<c>{organisation}/{attachment}</c>), never a name a user gave.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Writes the content under the key, all or nothing; the content is read at most <paramref name="maxBytes"/> far.</summary>
    /// <exception cref="AttachmentTooLargeException">The content is longer than <paramref name="maxBytes"/>; nothing is kept.</exception>
    Task<StoredContent> WriteAsync(string key, Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The content, or null when nothing is stored under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the content; a key with nothing stored is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

public sealed record StoredContent(long Size, string Sha256);

public sealed class AttachmentTooLargeException(long maxBytes) : Exception($"The file is larger than the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

public static class AttachmentKeys
{
    public static string For(Guid organizationId, Guid attachmentId) => $"{organizationId:N}/{attachmentId:N}";

    public static bool IsValid(string key) =>
        key.Length == 65 && key[32] == '/' && key.Remove(32, 1).All(char.IsAsciiHexDigitLower);
}

/// <summary>
/// Files under <c>{data directory}/attachments/{organisation}/{attachment}</c>. A write goes to a
/// temporary file first and is moved into place once complete, so a crash never leaves half a file
/// under a key a row points to.
/// </summary>
public sealed class LocalAttachmentStore(string root) : IAttachmentStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<StoredContent> WriteAsync(string key, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".partial-" + Guid.NewGuid().ToString("N");
        try
        {
            long size = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                        throw new AttachmentTooLargeException(maxBytes);
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            return new StoredContent(size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous)
            : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        if (!AttachmentKeys.IsValid(key))
            throw new ArgumentException("Not an attachment key.", nameof(key));
        return Path.Combine(Root, key[..32], key[33..]);
    }
}
