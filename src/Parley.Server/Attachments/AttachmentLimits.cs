namespace Parley.Attachments;

/// <summary>
/// What Parley accepts as a file: the kinds the messaging channels carry (pictures, voice notes,
/// video, PDFs and office documents, contact cards), up to <c>Parley:Attachments:MaxBytes</c>
/// (16 MiB by default, WhatsApp's limit for video). Anything a browser would run (HTML, SVG,
/// scripts) is refused, and every file is served as a download with nosniff.
/// </summary>
public sealed class AttachmentLimits(long maxBytes)
{
    public const long DefaultMaxBytes = 16L * 1024 * 1024;
    public const int MaxPerMessage = 10;

    public long MaxBytes { get; } = maxBytes;

    private static readonly HashSet<string> Accepted = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/png", "image/gif", "image/webp",
        "audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr", "audio/opus", "audio/wav",
        "video/mp4", "video/3gpp", "video/quicktime",
        "application/pdf", "text/plain", "text/csv", "text/vcard", "text/x-vcard",
        "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
    };

    /// <summary>The media type without parameters, lower-cased; null when it is not one Parley accepts.</summary>
    public static string? Normalize(string? contentType)
    {
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return type is not null && Accepted.Contains(type) ? type : null;
    }

    /// <summary>
    /// Whether the first bytes agree with the declared type, for the types whose files start with
    /// a fixed signature (pictures, PDF): a renamed HTML page is not a PNG.
    /// </summary>
    public static bool StartsLike(string contentType, ReadOnlySpan<byte> head) => contentType switch
    {
        "image/jpeg" => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        "image/png" => head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/gif" => head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8),
        "image/webp" => head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8),
        "application/pdf" => head.StartsWith("%PDF-"u8),
        _ => true,
    };

    /// <summary>
    /// A name to show and to offer on download: the last path segment of what the sender called
    /// it, without control or path characters, at most 200 characters; else one made from the id.
    /// </summary>
    public static string DisplayName(string? given, Guid id, string contentType)
    {
        var name = (given ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string([.. name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or ':' or '*' or '?' or '|'))]).Trim().TrimStart('.');
        if (name.Length > 200)
            name = name[^200..];
        return name.Length > 0 ? name : $"{contentType.Split('/')[0]}-{id.ToString("N")[..12]}{Extension(contentType)}";
    }

    private static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "audio/ogg" or "audio/opus" => ".ogg",
        "audio/mpeg" => ".mp3",
        "audio/mp4" or "audio/aac" => ".m4a",
        "audio/amr" => ".amr",
        "video/mp4" => ".mp4",
        "video/3gpp" => ".3gp",
        "application/pdf" => ".pdf",
        "text/plain" => ".txt",
        "text/vcard" or "text/x-vcard" => ".vcf",
        _ => "",
    };
}
