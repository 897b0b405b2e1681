using Parley.Platform.Persistence;

namespace Parley.Platform.Email;

public static class EmailExtensions
{
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(EmailSettings.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<IEmailSender>(services =>
        {
            var settings = services.GetRequiredService<EmailSettings>();
            // The served process never gets here misconfigured (ParleyCommands refuses to start); a host run otherwise learns why.
            if (settings.Misconfiguration is { } misconfigured)
                throw new InvalidOperationException($"Parley cannot send email: {misconfigured}");
            var clock = services.GetRequiredService<TimeProvider>();
            return settings.Host is null
                ? new PickupFolderEmailSender(Path.Combine(DatabaseSettings.DataDirectory(builder.Configuration, builder.Environment), "mail-pickup"),
                    settings, clock, services.GetRequiredService<ILogger<PickupFolderEmailSender>>())
                : new SmtpEmailSender(settings, clock, services.GetRequiredService<ILogger<SmtpEmailSender>>());
        });
        return builder;
    }
}
