using MimeKit;

namespace Parley.Platform.Email;

internal static class MimeMessages
{
    public static MimeMessage Create(EmailMessage message, string from, TimeProvider clock) => new()
    {
        From = { MailboxAddress.Parse(from) },
        To = { MailboxAddress.Parse(message.To) },
        Subject = message.Subject,
        // MimeKit would read the machine's clock.
        Date = clock.GetUtcNow(),
        Body = new TextPart("plain") { Text = message.TextBody },
    };
}
