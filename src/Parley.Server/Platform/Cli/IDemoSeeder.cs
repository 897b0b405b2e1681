namespace Parley.Platform.Cli;

/// <summary>
/// What <c>demo</c> and <c>--seed-demo</c> run, after migrating and before serving: the Demo feature
/// implements it (and registers it) so the command line does not depend on what sample data holds.
/// </summary>
public interface IDemoSeeder
{
    /// <summary>Fills a database that has no users yet and tells the person at the console how to sign in; leaves any other database as it is.</summary>
    Task SeedAsync(CancellationToken cancellationToken);
}
