using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using Parley.Platform.Email;
using Parley.Testing;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

/// <summary>Parley's own email (an erasure's confirmation to the admin): SMTP, or the pickup folder with no host.</summary>
public sealed class EmailTests
{
    private const string Recipient = "ada@acme.test";
    private const string Subject = "Erasure request 7c1e completed";
    private const string Body = "Your erasure request 7c1e completed: 12 contacts and 340 messages erased — nothing else was touched.";

    [Fact]
    public async Task An_email_goes_through_a_real_SMTP_conversation_with_its_recipient_subject_body_and_sender()
    {
        await using var smtp = new SmtpListener();
        await using var app = await ParleyApp.StartAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Parley:Smtp:Host"] = "127.0.0.1",
            ["Parley:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Parley:Smtp:From"] = "\"Parley at Acme\" <parley@acme.test>",
            ["Parley:Smtp:EnableSsl"] = "false",
        });

        await app.Services.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage(Recipient, Subject, Body), CancellationToken.None);

        var captured = await smtp.ConversationAsync();
        captured.MailFrom.ShouldBe("parley@acme.test");
        captured.RcptTo.ShouldBe([Recipient]);
        captured.Quit.ShouldBeTrue();
        using var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(captured.Data)));
        message.From.Mailboxes.Single().Address.ShouldBe("parley@acme.test");
        message.From.Mailboxes.Single().Name.ShouldBe("Parley at Acme");
        message.To.Mailboxes.Single().Address.ShouldBe(Recipient);
        message.Subject.ShouldBe(Subject);
        message.TextBody.ShouldNotBeNull().TrimEnd('\r', '\n').ShouldBe(Body);
        message.Date.ShouldBe(app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task With_no_SMTP_host_the_email_is_an_eml_file_in_the_pickup_folder_and_the_log_names_the_folder_but_not_the_recipient()
    {
        var log = new CapturedLog();
        await using var app = await ParleyApp.StartAsync(Db.Sqlite,
            new Dictionary<string, string?> { ["Logging:LogLevel:Parley"] = "Trace" },
            services: s => s.AddSingleton<ILoggerProvider>(log));
        var folder = Path.Combine(app.DataDirectory, "mail-pickup");

        await app.Services.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage(Recipient, Subject, Body), CancellationToken.None);

        var file = Directory.GetFiles(folder).ShouldHaveSingleItem();
        Path.GetFileName(file).ShouldStartWith("20261102T093000Z-");
        Path.GetExtension(file).ShouldBe(".eml");
        using var message = await MimeMessage.LoadAsync(file);
        message.From.Mailboxes.Single().Address.ShouldBe(EmailSettings.DefaultPickupFrom);
        message.To.Mailboxes.Single().Address.ShouldBe(Recipient);
        message.Subject.ShouldBe(Subject);
        message.TextBody.ShouldNotBeNull().TrimEnd('\r', '\n').ShouldBe(Body);
        message.Date.ShouldBe(app.Clock.GetUtcNow());

        var email = log.Lines.Where(l => l.Category.StartsWith("Parley.Platform.Email", StringComparison.Ordinal)).ShouldHaveSingleItem();
        email.Text.ShouldContain(folder);
        foreach (var line in log.Lines)
        {
            line.Text.ShouldNotContain(Recipient, Case.Insensitive);
            line.Text.ShouldNotContain(Subject, Case.Insensitive);
            line.Text.ShouldNotContain("340 messages", Case.Insensitive);
        }
    }

    // Each case is read as the server reads it; the start-up refusal itself is the real process below
    // (a host that refuses to start cannot be run in-process to be asked).
    [Fact]
    public void Smtp_settings_that_cannot_work_are_refused_with_what_to_fix()
    {
        var cases = new (string Case, Dictionary<string, string?> Settings, string Says)[]
        {
            ("port 0", new() { ["Parley:Smtp:Host"] = "127.0.0.1", ["Parley:Smtp:From"] = "parley@acme.test", ["Parley:Smtp:Port"] = "0" },
                "Parley:Smtp:Port must be a number from 1 to 65535, not '0'."),
            ("port too large", new() { ["Parley:Smtp:Port"] = "65536" }, "Parley:Smtp:Port must be a number from 1 to 65535, not '65536'."),
            ("a From that is no address", new() { ["Parley:Smtp:Host"] = "127.0.0.1", ["Parley:Smtp:From"] = "not-an-address" },
                "Parley:Smtp:From is not an email address"),
            ("a host without From", new() { ["Parley:Smtp:Host"] = "127.0.0.1" }, "Parley:Smtp:From is required when Parley:Smtp:Host is set"),
            ("EnableSsl not a boolean", new() { ["Parley:Smtp:EnableSsl"] = "maybe" }, "Parley:Smtp:EnableSsl must be true or false"),
            ("a password without a user", new() { ["Parley:Smtp:Password"] = "pa55" }, "Parley:Smtp:Username is required when Parley:Smtp:Password is set."),
        };
        foreach (var (name, settings, says) in cases)
        {
            var read = EmailSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

            read.Misconfiguration.ShouldNotBeNull(name).ShouldContain(says, Case.Sensitive, name);
            read.Misconfiguration.ShouldNotContain("pa55", Case.Sensitive, name);
        }

        var fine = EmailSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Parley:Smtp:Host"] = "smtp.acme.test", ["Parley:Smtp:Port"] = "465", ["Parley:Smtp:From"] = "Parley <parley@acme.test>",
            ["Parley:Smtp:Username"] = "parley", ["Parley:Smtp:Password"] = "pa55", ["Parley:Smtp:EnableSsl"] = "true",
        }).Build());
        fine.Misconfiguration.ShouldBeNull();
        fine.ToString().ShouldNotContain("pa55");
    }

    [Fact]
    public async Task The_server_refuses_to_start_on_bad_smtp_settings_with_one_line_and_never_the_password()
    {
        const string password = "smtp-pa55-never-printed";
        await using var process = ServerProcess.Start(
            $"--urls=http://127.0.0.1:{Loopback.FreePort()}",
            $"--Parley:DataDirectory={Directory.CreateTempSubdirectory("parley-email-").FullName}",
            "--Parley:Smtp:Host=smtp.acme.test",
            "--Parley:Smtp:Port=0",
            "--Parley:Smtp:From=not-an-address",
            "--Parley:Smtp:Username=parley",
            $"--Parley:Smtp:Password={password}");

        var exitCode = await process.WaitForExitAsync();

        exitCode.ShouldNotBe(0);
        var error = process.Errors.Where(l => l.Trim().Length > 0).ShouldHaveSingleItem();
        error.ShouldStartWith("Parley cannot start: Parley:Smtp:Port must be a number from 1 to 65535, not '0'.");
        error.ShouldContain("Parley:Smtp:From is not an email address");
        var everything = string.Join('\n', process.Output);
        everything.ShouldNotContain(password);
        everything.ShouldNotContain("   at ");
    }

    private sealed record SmtpConversation(string? MailFrom, List<string> RcptTo, string Data, bool Quit);

    /// <summary>
    /// Enough of an SMTP server (RFC 5321: greeting, EHLO/HELO, MAIL, RCPT, DATA, QUIT) to take one
    /// message from one client, on a loopback port of its own. It offers no extension, so the client
    /// speaks plain SMTP without TLS or AUTH.
    /// </summary>
    private sealed class SmtpListener : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Task<SmtpConversation> _conversation;

        public SmtpListener()
        {
            Port = Loopback.FreePort();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Start();
            _conversation = ConverseAsync();
        }

        public int Port { get; }

        public Task<SmtpConversation> ConversationAsync() => _conversation.WaitAsync(TimeSpan.FromSeconds(30));

        private async Task<SmtpConversation> ConverseAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
            string? mailFrom = null;
            var rcptTo = new List<string>();
            var data = new StringBuilder();
            await writer.WriteLineAsync("220 localhost ESMTP test listener");
            while (await reader.ReadLineAsync() is { } line)
            {
                switch (line.Split(' ', 2)[0].ToUpperInvariant())
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        mailFrom = Path(line);
                        await writer.WriteLineAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        rcptTo.Add(Path(line));
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                        await writer.WriteLineAsync("250 2.0.0 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return new SmtpConversation(mailFrom, rcptTo, data.ToString(), Quit: true);
                    case "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
            return new SmtpConversation(mailFrom, rcptTo, data.ToString(), Quit: false);
        }

        // MAIL FROM:<a@b> SIZE=… → a@b
        private static string Path(string line) => line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Dispose();
            try
            {
                await _conversation;
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
            {
                // A test that failed before connecting leaves the accept pending; stopping ends it.
            }
        }
    }

    private sealed class CapturedLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, string Text)> _lines = new();

        public IReadOnlyCollection<(string Category, string Text)> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string Category, string Text)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((category, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
        }
    }
}
