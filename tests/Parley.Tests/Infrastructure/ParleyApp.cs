using System.Data.Common;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Parley.Platform.Persistence;
using Parley.Platform.Persistence.Migrations;

namespace Parley.Tests.Infrastructure;

/// <summary>
/// The whole Parley server in-process (real HTTP pipeline, real database) on SQLite or PostgreSQL,
/// with a clock the test controls. Every instance has its own database and data folder.
/// </summary>
public sealed class ParleyApp : WebApplicationFactory<Program>
{
    public const string AdminPassword = "correct horse battery";

    private readonly Dictionary<string, string?> _settings;
    private readonly IDictionary<string, string?>? _testSettings;
    private readonly Action<IServiceCollection>? _services;
    private readonly string _dataDirectory;
    private bool _keepDataDirectory;

    private ParleyApp(string provider, string connectionString, string dataDirectory, IDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _dataDirectory = dataDirectory;
        _settings = new Dictionary<string, string?>
        {
            ["Parley:Database:Provider"] = provider,
            ["ConnectionStrings:Parley"] = connectionString,
            ["Parley:DataDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Parley.Requests"] = "Warning",
            // Tests send queued replies themselves (OutboundDelivery.SendDueAsync), on their own clock.
            ["Parley:Outbound:Enabled"] = "false",
            // Likewise customers' media (MediaDownloads.DownloadDueAsync).
            ["Parley:MediaDownloads:Enabled"] = "false",
            ["Parley:Demo:RegisterWithSimulator"] = "false",
            // The scheduled sweep runs on Quartz's real clock; the maintenance scheduling tests turn it on.
            ["Parley:Maintenance:Enabled"] = "false",
        };
        _testSettings = settings;
        _services = services;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    // A migrated SQLite file, made once per test process and copied for each test (as PostgreSQL
    // tests copy a template database): migrating from nothing cost every SQLite test ~0.3 s of CPU.
    private static readonly Lazy<Task<string>> SqliteTemplate = new(async () =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "parley-tests", $"template-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "parley.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString;
        await new Migrator(new DatabaseSettings(DatabaseProvider.Sqlite, connectionString), NullLogger<Migrator>.Instance, TimeProvider.System).MigrateAsync();
        // One file, no WAL beside it: the copy is the whole database.
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
            await checkpoint.ExecuteNonQueryAsync();
        }
        return file;
    });

    public string Provider { get; }
    /// <summary>This node's data folder (the SQLite file, attachment files).</summary>
    public string DataDirectory => _dataDirectory;
    public string ConnectionString { get; }
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));

    /// <param name="migrated">false: start from an empty database, so the server's own start-up migrates it.</param>
    /// <param name="services">Applied after the server's own registrations: a test's replacements (last one wins).</param>
    public static async Task<ParleyApp> StartAsync(string provider, IDictionary<string, string?>? settings = null, bool migrated = true,
        Action<IServiceCollection>? services = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        string connectionString;
        if (provider == Db.Postgres)
            connectionString = migrated ? await PostgresCluster.CreateMigratedDatabaseAsync() : await PostgresCluster.CreateEmptyDatabaseAsync();
        else
        {
            var file = Path.Combine(dataDirectory, "parley.db");
            if (migrated)
                File.Copy(await SqliteTemplate.Value, file);
            connectionString = $"Data Source={file}";
        }
        var app = new ParleyApp(provider, connectionString, dataDirectory, settings, services);
        app.StartServer();
        return app;
    }

    /// <summary>
    /// A second server node on the same database (its own data folder), as behind a load balancer,
    /// with this node's settings and services; <paramref name="settings"/> overrides some of them.
    /// </summary>
    public ParleyApp StartAnotherNode(IDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "parley-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var node = new ParleyApp(Provider, ConnectionString, dataDirectory, Merge(_testSettings, settings), _services);
        node.StartServer();
        return node;
    }

    /// <summary>
    /// Stops this node (gracefully, as a deploy does) and starts it again on the same database and data
    /// folder, with this node's settings and services; <paramref name="settings"/> overrides some of them.
    /// <paramref name="whileStopped"/> runs in between, as whatever happens during a downtime.
    /// </summary>
    public async Task<ParleyApp> RestartAsync(IDictionary<string, string?>? settings = null, Func<Task>? whileStopped = null)
    {
        _keepDataDirectory = true;
        await DisposeAsync();
        if (whileStopped is not null)
            await whileStopped();
        var node = new ParleyApp(Provider, ConnectionString, _dataDirectory, Merge(_testSettings, settings), _services);
        node.StartServer();
        return node;
    }

    private static Dictionary<string, string?> Merge(IDictionary<string, string?>? settings, IDictionary<string, string?>? overrides)
    {
        var merged = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            merged[key] = value;
        return merged;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            // The app's clock only: a keyed TimeProvider (Quartz's wall clock for its scheduler) stays.
            foreach (var clock in services.Where(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService).ToList())
                services.Remove(clock);
            services.AddSingleton<TimeProvider>(Clock);
            // Passwords are hashed and checked exactly as in production (PBKDF2, the same format),
            // with fewer rounds: a test signs in several people, and 100,000 rounds each made
            // hashing the largest cost of a short test.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
            _services?.Invoke(services);
        });
    }

    /// <summary>
    /// A client that keeps cookies, like a browser, over HTTPS (session cookies are Secure). Every
    /// response it receives is checked against the API description (<see cref="ContractCheckingHandler"/>).
    /// </summary>
    public HttpClient NewClient()
    {
        var cookies = new CookieContainerHandler();
        return CreateDefaultClient(new Uri("https://localhost"), new ContractCheckingHandler(ContractAsync), new AntiforgeryHeaderHandler(cookies.Container), cookies);
    }

    /// <summary>A cookie client without the antiforgery header: a request another site makes the browser send.</summary>
    public HttpClient NewClientWithoutAntiforgery(out System.Net.CookieContainer cookies)
    {
        var handler = new CookieContainerHandler();
        cookies = handler.Container;
        return CreateDefaultClient(new Uri("https://localhost"), new ContractCheckingHandler(ContractAsync), handler);
    }

    /// <summary>The API description as this server serves it, read once per test process.</summary>
    public Task<ApiContract> ContractAsync() => ApiContract.LoadAsync(async () =>
    {
        using var client = CreateDefaultClient(new Uri("https://localhost"));
        return await client.GetStringAsync("/openapi/v1.json");
    });

    public HttpClient NewClient(string bearerToken)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", bearerToken);
        return client;
    }

    /// <summary>Runs setup (first organisation and admin) and returns the admin signed in.</summary>
    public async Task<Actor> SetUpAsync(string organizationName = "Acme", string email = "ada@acme.test")
    {
        using var anonymous = NewClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/setup", new { organizationName, name = "Ada Admin", email, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Json.Founded>();
        return await SignInAsync(email, AdminPassword, body!.Organization.Id, body.User.Id);
    }

    /// <summary>Creates a further organisation through sign-up (which must be enabled) and signs its admin in.</summary>
    public async Task<Actor> SignUpAsync(string organizationName, string email)
    {
        using var anonymous = NewClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/organizations", new { organizationName, name = "Other Admin", email, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Json.Founded>();
        return await SignInAsync(email, AdminPassword, body!.Organization.Id, body.User.Id);
    }

    public async Task<Actor> SignInAsync(string email, string password, Guid organizationId, Guid userId)
    {
        var client = NewClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return new Actor(client, userId, organizationId, email);
    }

    /// <summary>An admin creates a user, who is then signed in.</summary>
    public async Task<Actor> AddUserAsync(Actor admin, string email, string role = "Agent", string name = "Agnes Agent")
    {
        var response = await admin.Client.PostAsJsonAsync("/api/v1/users", new { name, email, password = AdminPassword, role });
        response.EnsureSuccessStatusCode();
        var user = await response.Content.ReadFromJsonAsync<Json.User>();
        return await SignInAsync(email, AdminPassword, admin.OrganizationId, user!.Id);
    }

    /// <summary>Reads the database directly (no tenant filter), to assert which rows exist.</summary>
    public async Task<T> QueryAsync<T>(Func<ParleyDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDbContext>();
        return await query(db);
    }

    public Task<int> CountAsync<T>() where T : class =>
        QueryAsync(db => db.Set<T>().IgnoreQueryFilters().CountAsync());

    /// <summary>Every row of every table, as text: equal before and after means nothing changed.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var connection = OpenConnection();
        await connection.OpenAsync();
        var tables = await QueryAsync(db => Task.FromResult(db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().Order().ToList()));
        var lines = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
                rows.Add(table + ": " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={reader.GetValue(i)}")));
            rows.Sort(StringComparer.Ordinal);
            lines.AddRange(rows);
        }
        return string.Join('\n', lines);
    }

    public DbConnection OpenConnection() => Provider == Db.Postgres
        ? new NpgsqlConnection(ConnectionString)
        : new SqliteConnection(ConnectionString);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        if (Provider == Db.Postgres)
        {
            // The server keys its pool by the connection string with Max Auto Prepare added, so both
            // pools are closed: left idle, hundreds of test databases' connections exhaust the server.
            NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
            NpgsqlConnection.ClearPool(new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { MaxAutoPrepare = 200 }.ConnectionString));
        }
        else
            SqliteConnection.ClearAllPools();
        if (_keepDataDirectory)
            return;
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the temp folder is cleaned later.
        }
    }
}

/// <summary>A signed-in user and the client that carries their session.</summary>
public sealed record Actor(HttpClient Client, Guid UserId, Guid OrganizationId, string Email);

/// <summary>The JSON shapes tests read back (the server's own records are used where they fit).</summary>
public static class Json
{
    public sealed record Organization(Guid Id, string Name);
    public sealed record User(Guid Id, string Name, string Email, string Role);
    public sealed record Founded(Organization Organization, User User);
    public sealed record Me(User User, Guid OrganizationId, string OrganizationName);
    public sealed record Page<T>(List<T> Items, string? NextCursor);
    public sealed record Problem(int Status, string Title, string? Detail, Dictionary<string, string[]>? Errors, string? CorrelationId);
    public sealed record IssuedToken(Guid Id, string Name, string Hint, string? Token);
    public sealed record Team(Guid Id, string Name, List<TeamMember>? Members);
    public sealed record TeamMember(Guid UserId, string Name, string Email);
    public sealed record Channel(Guid Id, string Name, string Type, Guid? TeamId, bool IsActive);
    public sealed record Inbound(Guid ConversationId, Guid MessageId, Guid ContactId, string Status, bool Duplicate);
    public sealed record Message(Guid Id, string Direction, string Kind, string AuthorType, Guid? AuthorUserId, string Text, DateTime CreatedAt,
        string? DeliveryStatus, bool IsPinned, List<MessageView> ViewedBy, List<Attachment>? Attachments = null);
    public sealed record Attachment(Guid Id, string FileName, string ContentType, long Size, string Status, string? Error, string Url);
    public sealed record MessageView(Guid UserId, DateTime ViewedAt);
    public sealed record Posted(Message Message, string Status, string DisplayStatus);
}
