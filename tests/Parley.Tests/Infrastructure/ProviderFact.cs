using Xunit.Abstractions;
using Xunit.Sdk;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// A test that runs once on SQLite and once on PostgreSQL; its single string parameter names the
/// database. The PostgreSQL run is skipped, with the reason shown, only where no PostgreSQL exists
/// and PARLEY_REQUIRE_POSTGRES is not 1.
/// </summary>
[XunitTestCaseDiscoverer("Parley.Tests.Infrastructure.ProviderFactDiscoverer", "Parley.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderFactAttribute : FactAttribute;

/// <summary>As <see cref="ProviderFactAttribute"/>, for tests that only mean something on PostgreSQL.</summary>
[XunitTestCaseDiscoverer("Parley.Tests.Infrastructure.ProviderFactDiscoverer", "Parley.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute;

public static class Db
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}

public sealed class ProviderFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var postgresOnly = testMethod.Method.GetCustomAttributes(typeof(PostgresFactAttribute)).Any();

        if (!postgresOnly)
            yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod, [Db.Sqlite]);
        if (PostgresCluster.SkipReason is { } reason)
            yield return new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason, [Db.Postgres]);
        else
            yield return new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod, [Db.Postgres]);
    }
}
