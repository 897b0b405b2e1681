using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Platform.Tenancy;

namespace Parley.Identity;

/// <summary>What a token's calls are recorded as (SPEC §2, API tokens).</summary>
public enum ApiTokenKind
{
    /// <summary>Acts as its person: their replies, assignments and resolutions are theirs, as in the web app.</summary>
    Personal,
    /// <summary>A bot or integration working for its owner: what it does is recorded with the actor Bot and the token.</summary>
    Integration,
}

/// <summary>
/// A bearer secret belonging to a person, used by their scripts or by an integration they set up.
/// Only its SHA-256 is stored: a token carries 256 random bits, so a fast hash is as safe as a slow
/// one and keeps each request's check to one index lookup.
/// </summary>
public sealed class ApiToken : ITenantOwned
{
    public const string SecretPrefix = "prl_";
    public const int MaxNameLength = 100;

    private ApiToken() { }

    private ApiToken(Guid id, Guid userId, string name, ApiTokenKind kind, string hash, string hint, DateTime createdAt)
    {
        Id = id;
        UserId = userId;
        Name = name;
        Kind = kind;
        Hash = hash;
        Hint = hint;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid UserId { get; private set; }
    public string Name { get; private set; } = "";
    public ApiTokenKind Kind { get; private set; }
    public string Hash { get; private set; } = "";
    /// <summary>The first characters of the secret, enough to recognise it in a list.</summary>
    public string Hint { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? LastUsedAt { get; private set; }

    public static (ApiToken Token, string Secret) Issue(Guid id, Guid userId, string name, ApiTokenKind kind, DateTime now)
    {
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (new ApiToken(id, userId, name, kind, HashOf(secret), secret[..(SecretPrefix.Length + 6)], now), secret);
    }

    public static string HashOf(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(ApiToken.MaxNameLength);
        // The database default is the CLR default, so EF may leave Personal to it; migration 0016
        // turned the tokens made before kinds existed into Integration tokens (they acted as bots).
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ApiTokenKind.Personal);
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.Property(t => t.Hint).HasMaxLength(16);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => new { t.UserId, t.CreatedAt });
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
