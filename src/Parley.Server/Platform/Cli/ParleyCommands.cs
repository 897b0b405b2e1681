using Microsoft.EntityFrameworkCore;
using Parley.Platform.Email;
using Parley.Platform.Persistence;
using Parley.Platform.Persistence.Migrations;

namespace Parley.Platform.Cli;

/// <summary>
/// What the executable does besides serving: <c>migrate</c>, <c>demo</c>, <c>schema-script</c>, and
/// <c>--seed-demo</c> to fill a fresh database before serving.
/// </summary>
public static class ParleyCommands
{
    private static readonly string[] Commands = ["migrate", "demo", "schema-script", "--seed-demo"];

    /// <summary>The arguments left for ASP.NET Core's configuration once Parley's own are taken out.</summary>
    public static string[] HostArguments(string[] args) => [.. args.Where(a => !Commands.Contains(a))];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var command = args.FirstOrDefault(a => Commands.Contains(a) && a != "--seed-demo");
        var database = app.Services.GetRequiredService<DatabaseSettings>();
        if (database.Misconfiguration is { } misconfigured)
            return await RefuseToStartAsync(app, misconfigured);
        if (app.Services.GetRequiredService<EmailSettings>().Misconfiguration is { } badEmail)
            return await RefuseToStartAsync(app, badEmail);
        if (command == "schema-script")
        {
            // Prints the DDL of the current EF model: the starting point for a new migration script.
            await using var scope = app.Services.CreateAsyncScope();
            Console.WriteLine(scope.ServiceProvider.GetRequiredService<ParleyDbContext>().Database.GenerateCreateScript());
            return 0;
        }

        try
        {
            await app.Services.GetRequiredService<Migrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
        }
        catch (Exception e) when (DatabaseTrouble.Explain(e, database) is { } trouble)
        {
            return await RefuseToStartAsync(app, trouble);
        }
        if (command == "migrate")
            return await ExitAsync(app);

        if (command == "demo" || args.Contains("--seed-demo"))
            await app.Services.GetRequiredService<IDemoSeeder>().SeedAsync(app.Lifetime.ApplicationStopping);
        if (command == "demo")
            return await ExitAsync(app);

        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// A database that cannot be used stops the server with one line on stderr saying what to check,
    /// and exit code 2, rather than a stack trace an operator has to read through.
    /// </summary>
    private static async Task<int> RefuseToStartAsync(WebApplication app, string reason)
    {
        await app.DisposeAsync();
        await Console.Error.WriteLineAsync($"Parley cannot start: {reason}");
        return 2;
    }

    // Disposing the host flushes the console logger's queue: a one-shot command exits fast enough
    // to lose its last log lines otherwise.
    private static async Task<int> ExitAsync(WebApplication app)
    {
        await app.DisposeAsync();
        return 0;
    }
}
