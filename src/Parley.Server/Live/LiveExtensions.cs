using Parley.Platform.Persistence;

namespace Parley.Live;

public static class LiveExtensions
{
    /// <summary>
    /// One process on SQLite hands events over in memory; on PostgreSQL there may be several
    /// nodes, so events travel through the database (NOTIFY/LISTEN) to reach every node.
    /// </summary>
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InProcessLiveBus>();
        var provider = DatabaseSettings.From(builder.Configuration, builder.Environment).Provider;
        if (provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddSingleton<PostgresLiveBus>();
            builder.Services.AddSingleton<ILiveBus>(services => services.GetRequiredService<PostgresLiveBus>());
            builder.Services.AddHostedService(services => services.GetRequiredService<PostgresLiveBus>());
        }
        else
        {
            builder.Services.AddSingleton<ILiveBus>(services => services.GetRequiredService<InProcessLiveBus>());
        }
        return builder;
    }
}
