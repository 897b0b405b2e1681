namespace Parley.Platform.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where Parley keeps its data; bound from <c>Parley:Database</c> and <c>ConnectionStrings:Parley</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var providerName = configuration["Parley:Database:Provider"] ?? "sqlite";
        var provider = providerName.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new InvalidOperationException($"Parley:Database:Provider must be 'sqlite' or 'postgres', not '{providerName}'."),
        };

        var connectionString = configuration.GetConnectionString("Parley");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException("ConnectionStrings:Parley is required when Parley:Database:Provider is 'postgres'.");
            var dataDirectory = DataDirectory(configuration, environment);
            connectionString = $"Data Source={Path.Combine(dataDirectory, "parley.db")}";
        }

        return new DatabaseSettings(provider, connectionString);
    }

    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var directory = configuration["Parley:DataDirectory"] ?? "data";
        directory = Path.GetFullPath(directory, environment.ContentRootPath);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
