using MimeKit;

namespace Parley.Platform.Email;

/// <summary>
/// Bound from <c>Parley:Smtp</c>: <c>Host</c> (none: the pickup folder), <c>Port</c> (587),
/// <c>From</c> (required with a host), <c>Username</c> and <c>Password</c> (both or neither),
/// <c>EnableSsl</c> (true: TLS from the first byte on port 465, STARTTLS required on any other
/// port; false: plain SMTP, for a relay on the same host or network).
/// </summary>
public sealed record EmailSettings(string? Host, int Port, string From, string? Username, string? Password, bool EnableSsl)
{
    public const int DefaultPort = 587;
    // The pickup folder's messages need a From header; no server will ever see it.
    public const string DefaultPickupFrom = "parley@localhost";

    /// <summary>
    /// Why these settings cannot work, as one line for the operator (never the password), or null.
    /// Like <see cref="Persistence.DatabaseSettings.Misconfiguration"/>, it stops the start-up
    /// command (<see cref="Cli.ParleyCommands"/>) rather than the first email hours later.
    /// </summary>
    public string? Misconfiguration { get; private init; }

    public static EmailSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Parley:Smtp");
        var host = Blank(section["Host"]);
        var from = Blank(section["From"]);
        var username = Blank(section["Username"]);
        var password = section["Password"];
        var problems = new List<string>();

        var port = DefaultPort;
        if (Blank(section["Port"]) is { } portText && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            problems.Add($"Parley:Smtp:Port must be a number from 1 to 65535, not '{portText}'.");

        var enableSsl = true;
        if (Blank(section["EnableSsl"]) is { } sslText && !bool.TryParse(sslText, out enableSsl))
            problems.Add($"Parley:Smtp:EnableSsl must be true or false, not '{sslText}'.");

        // The value is not repeated: an address is personal data, even the operator's.
        if (from is not null && !IsAddress(from))
            problems.Add("Parley:Smtp:From is not an email address: give one such as parley@example.com (or \"Parley\" <parley@example.com>).");
        else if (from is null && host is not null)
            problems.Add("Parley:Smtp:From is required when Parley:Smtp:Host is set: the address Parley's email comes from, such as parley@example.com.");

        if (username is not null && string.IsNullOrEmpty(password))
            problems.Add("Parley:Smtp:Password is required when Parley:Smtp:Username is set.");
        else if (username is null && !string.IsNullOrEmpty(password))
            problems.Add("Parley:Smtp:Username is required when Parley:Smtp:Password is set.");

        return new EmailSettings(host, port, from ?? DefaultPickupFrom, username, password, enableSsl)
        {
            Misconfiguration = problems.Count == 0 ? null : string.Join(' ', problems),
        };
    }

    // MimeKit alone accepts a bare local part ("not-an-address"); a server would not.
    private static bool IsAddress(string value) =>
        MailboxAddress.TryParse(value, out var mailbox)
        && mailbox.LocalPart.Length > 0
        && mailbox.Domain is { Length: > 0 } domain
        && !domain.Contains(' ', StringComparison.Ordinal);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // The password stays out of any log or exception that prints this record.
    public override string ToString() =>
        $"EmailSettings {{ Host = {Host}, Port = {Port}, Username = {Username}, Password = {(Password is null ? "" : "***")}, EnableSsl = {EnableSsl} }}";
}
