using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Parley.Platform.Email;

public sealed partial class SmtpEmailSender(EmailSettings settings, TimeProvider clock, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        using var mime = MimeMessages.Create(message, settings.From, clock);
        var host = settings.Host ?? throw new InvalidOperationException("An SMTP sender needs Parley:Smtp:Host.");
        var server = $"{host}:{settings.Port}";
        // One connection per message: these are a handful a day, and MailKit's client is not shared across threads.
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(host, settings.Port, Security(settings), ct);
            if (settings.Username is not null)
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
            await client.SendAsync(mime, ct);
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (SmtpCommandException e)
        {
            throw new EmailNotSentException($"The SMTP server at {server} refused the message ({e.ErrorCode}, status {(int)e.StatusCode}).");
        }
        catch (AuthenticationException)
        {
            throw new EmailNotSentException($"The SMTP server at {server} refused the sign-in of Parley:Smtp:Username: check it and Parley:Smtp:Password.");
        }
        catch (NotSupportedException)
        {
            // MailKit's words for a server that offers no sign-in (many offer it only after STARTTLS).
            throw new EmailNotSentException($"The SMTP server at {server} offers no sign-in Parley can use for Parley:Smtp:Username: check Parley:Smtp:EnableSsl, or leave Username and Password empty.");
        }
        catch (Exception e) when (e is SocketException or IOException or SslHandshakeException or SmtpProtocolException or ServiceNotConnectedException)
        {
            throw new EmailNotSentException($"The SMTP server at {server} could not be reached or stopped answering ({e.GetType().Name}): check Parley:Smtp:Host, Port and EnableSsl.");
        }
        Sent(logger, server);
    }

    private static SecureSocketOptions Security(EmailSettings settings) => settings.EnableSsl
        ? settings.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls
        : SecureSocketOptions.None;

    [LoggerMessage(Level = LogLevel.Information, Message = "Email handed to the SMTP server at {Server}")]
    private static partial void Sent(ILogger logger, string server);
}
