using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Platform.Persistence;
using Parley.Platform.Tenancy;

namespace Parley.Identity;

public static class Authentication
{
    public const string CookieScheme = "Cookies";
    public const string TokenScheme = "Token";
    private const string SelectorScheme = "Parley";
    public const string AdminPolicy = "Admin";
    public const string OrganizationClaim = "org";
    public const string StampClaim = "stamp";
    public const string TokenIdClaim = "token_id";
    public const string TokenNameClaim = "token_name";
    public const string TokenKindClaim = "token_kind";

    public static IHostApplicationBuilder AddParleyIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentityCore<User>(options =>
            {
                // Length over composition rules (NIST SP 800-63B): long passphrases, no forced symbols.
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.User.RequireUniqueEmail = true;
                options.User.AllowedUserNameCharacters = "";
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddUserStore<UserStore>()
            .AddUserManager<ParleyUserManager>();

        // Cookie keys live in the database: sessions survive restarts and work on every node.
        services.AddDataProtection().SetApplicationName("Parley");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, UseDatabaseKeyRepository>();

        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Cookie or bearer token", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? TokenScheme : CookieScheme)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = "parley_session";
                options.Cookie.HttpOnly = true;
                // Secure whenever the client came over HTTPS (directly or through a trusted proxy,
                // see ForwardedRequests), and always when Parley is published over HTTPS; over
                // plain HTTP on a local network a Secure cookie would never be sent back.
                options.Cookie.SecurePolicy = Platform.Http.ForwardedRequests.PublishedOverHttps(builder.Configuration)
                    ? CookieSecurePolicy.Always
                    : CookieSecurePolicy.SameAsRequest;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                // An API answers 401/403; it never redirects to a login page.
                options.Events.OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden);
                options.Events.OnValidatePrincipal = RevalidateSessionAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(TokenScheme, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(nameof(UserRole.Admin)));

        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        builder.AddSessionAntiforgery();
        return builder;
    }

    /// <summary>Signed-in requests act for their organisation from here on.</summary>
    public static IApplicationBuilder UseTenantScope(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.User.FindFirstValue(OrganizationClaim) is { } organization && Guid.TryParse(organization, out var organizationId))
                context.RequestServices.GetRequiredService<TenantScope>().Enter(organizationId);
            return next(context);
        });

    public static ClaimsPrincipal PrincipalFor(User user, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(OrganizationClaim, user.OrganizationId.ToString()),
                new Claim(ClaimTypes.Role, user.Role.ToString()),
                new Claim(StampClaim, user.SecurityStamp),
            ],
            scheme));

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    // A session ends when its user is deleted or their security stamp changes (password reset),
    // and a role change applies at the next request, not at the next sign-in.
    private static async Task RevalidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var db = context.HttpContext.RequestServices.GetRequiredService<ParleyDbContext>();
        var userId = Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;
        var user = await db.Users.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AsNoTracking()
            .SingleOrDefaultAsync(u => u.Id == userId, context.HttpContext.RequestAborted);
        if (user is null || context.Principal is not { } principal || user.SecurityStamp != principal.FindFirstValue(StampClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        if (!principal.IsInRole(user.Role.ToString()))
        {
            context.ReplacePrincipal(PrincipalFor(user, CookieScheme));
            context.ShouldRenew = true;
        }
    }
}

internal sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ParleyDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    // Writing last-used on every call would turn each read into a write; a minute is precise enough.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(ApiToken.SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
            return AuthenticateResult.Fail("Malformed API token.");

        var hash = ApiToken.HashOf(secret);
        var found = await db.ApiTokens.IgnoreQueryFilters([ParleyDbContext.TenantFilter]).AsNoTracking()
            .Where(t => t.Hash == hash)
            .Join(db.Users.IgnoreQueryFilters([ParleyDbContext.TenantFilter]), t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null)
            return AuthenticateResult.Fail("Unknown API token.");

        var now = clock.GetUtcNow().UtcDateTime;
        if (found.Token.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            await db.ApiTokens.IgnoreQueryFilters([ParleyDbContext.TenantFilter])
                .Where(t => t.Id == found.Token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var principal = Authentication.PrincipalFor(found.User, Scheme.Name);
        // Which token made the call: the event trail names it, and an integration token acts as a bot.
        ((ClaimsIdentity)principal.Identity!).AddClaims(
        [
            new Claim(Authentication.TokenIdClaim, found.Token.Id.ToString()),
            new Claim(Authentication.TokenNameClaim, found.Token.Name),
            new Claim(Authentication.TokenKindClaim, found.Token.Kind.ToString()),
        ]);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}

/// <summary>The signed-in user of the current request.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? throw new InvalidOperationException("No request.");

    public Guid Id => Guid.Parse(Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));
    public Guid OrganizationId => Guid.Parse(Principal.FindFirstValue(Authentication.OrganizationClaim) ?? throw new InvalidOperationException("Not signed in."));
    public bool IsAdmin => Principal.IsInRole(nameof(UserRole.Admin));

    /// <summary>The API token this request was made with; null for a session (the web app).</summary>
    public TokenInUse? Token =>
        Principal.Identity?.AuthenticationType == Authentication.TokenScheme
        && Guid.TryParse(Principal.FindFirstValue(Authentication.TokenIdClaim), out var id)
        && Enum.TryParse<ApiTokenKind>(Principal.FindFirstValue(Authentication.TokenKindClaim), out var kind)
            ? new TokenInUse(id, Principal.FindFirstValue(Authentication.TokenNameClaim) ?? "", kind)
            : null;
}

/// <summary>The API token a request was made with: a person's own (Personal) or an integration acting for them.</summary>
public sealed record TokenInUse(Guid Id, string Name, ApiTokenKind Kind);
