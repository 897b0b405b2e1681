using System.Security.Cryptography;

namespace Parley.Platform.Email;

/// <summary>With no SMTP host, each message becomes an .eml file an operator can open, or a local relay can pick up.</summary>
public sealed partial class PickupFolderEmailSender(string folder, EmailSettings settings, TimeProvider clock, ILogger<PickupFolderEmailSender> logger) : IEmailSender
{
    public string Folder => folder;

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        using var mime = MimeMessages.Create(message, settings.From, clock);
        var name = $"{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{RandomNumberGenerator.GetHexString(12, lowercase: true)}";
        var partial = Path.Combine(folder, name + ".tmp");
        try
        {
            Directory.CreateDirectory(folder);
            // Written aside and renamed, so a relay watching for *.eml never reads half a message.
            await mime.WriteToAsync(partial, ct);
            File.Move(partial, Path.Combine(folder, name + ".eml"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(partial))
                File.Delete(partial);
            throw new EmailNotSentException($"The email could not be written to the pickup folder {folder} ({e.GetType().Name}): check that the server may write there, or set Parley:Smtp:Host.");
        }
        Written(logger, folder);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email written to the pickup folder {Folder} (no Parley:Smtp:Host is set)")]
    private static partial void Written(ILogger logger, string folder);
}
