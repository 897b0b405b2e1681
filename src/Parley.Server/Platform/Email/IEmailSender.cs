namespace Parley.Platform.Email;

/// <summary>A plain-text email from Parley to one of its own users (an admin), never to a contact.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody);

/// <summary>
/// Sends Parley's own email: through the SMTP server of <c>Parley:Smtp</c>, or, with no
/// <c>Parley:Smtp:Host</c>, as an <c>.eml</c> file in the data folder's <c>mail-pickup/</c>.
/// </summary>
public interface IEmailSender
{
    /// <summary>
    /// Returns once the SMTP server accepted the message (or its file is complete in the pickup
    /// folder). A message that could not be handed over throws <see cref="EmailNotSentException"/>,
    /// whose text names the server and the reason but never the recipient or the content, so a
    /// caller may log it; the caller decides whether to try again.
    /// </summary>
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>
/// The message was not handed over. Deliberately without the SMTP client's exception inside: a
/// server's reply often quotes the recipient's address, and this exception is meant to be logged.
/// </summary>
public sealed class EmailNotSentException(string message) : Exception(message);
