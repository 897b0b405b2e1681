using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Identity;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Organizations;

public sealed class SetupTests
{
    private sealed record SetupState(bool Required);

    private static object SetupBody(string organizationName = "Acme", string name = "Ada Admin", string email = "ada@acme.test", string password = ParleyApp.AdminPassword) =>
        new { organizationName, name, email, password };

    [ProviderFact]
    public async Task First_setup_creates_the_organisation_its_admin_and_the_installation_row(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/setup", SetupBody());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = (await response.Content.ReadFromJsonAsync<Json.Founded>())!;
        body.Organization.Name.ShouldBe("Acme");
        body.User.Name.ShouldBe("Ada Admin");
        body.User.Email.ShouldBe("ada@acme.test");
        body.User.Role.ShouldBe("Admin");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/users/{body.User.Id}");

        var organization = await app.QueryAsync(d => d.Organizations.SingleAsync());
        organization.Id.ShouldBe(body.Organization.Id);
        organization.Name.ShouldBe("Acme");
        organization.CreatedAt.ShouldBe(app.Clock.GetUtcNow().UtcDateTime);

        var admin = await app.QueryAsync(d => d.Users.IgnoreQueryFilters().SingleAsync());
        admin.Id.ShouldBe(body.User.Id);
        admin.OrganizationId.ShouldBe(organization.Id);
        admin.Role.ShouldBe(UserRole.Admin);
        admin.NormalizedEmail.ShouldBe("ADA@ACME.TEST");

        var installation = await app.QueryAsync(d => d.Installations.SingleAsync());
        installation.SetUpAt.ShouldBe(app.Clock.GetUtcNow().UtcDateTime);
    }

    [ProviderFact]
    public async Task A_fresh_server_says_setup_is_required_until_the_first_setup_and_never_after(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var anonymous = app.NewClient();
        var before = await app.SnapshotAsync();

        (await anonymous.GetFromJsonAsync<SetupState>("/api/v1/setup"))!.Required.ShouldBeTrue();
        (await app.SnapshotAsync()).ShouldBe(before);

        var admin = await app.SetUpAsync();

        (await anonymous.GetFromJsonAsync<SetupState>("/api/v1/setup"))!.Required.ShouldBeFalse();
        (await admin.Client.GetFromJsonAsync<SetupState>("/api/v1/setup"))!.Required.ShouldBeFalse();
    }

    [ProviderFact]
    public async Task First_setup_stores_a_password_hash_not_the_password(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var anonymous = app.NewClient();

        (await anonymous.PostAsJsonAsync("/api/v1/setup", SetupBody())).StatusCode.ShouldBe(HttpStatusCode.Created);

        var admin = await app.QueryAsync(d => d.Users.IgnoreQueryFilters().SingleAsync());
        admin.PasswordHash.ShouldNotBeNullOrEmpty();
        admin.PasswordHash.ShouldNotBe(ParleyApp.AdminPassword);
        admin.PasswordHash.ShouldNotContain(ParleyApp.AdminPassword);
        var hasher = app.Services.GetRequiredService<IPasswordHasher<User>>();
        hasher.VerifyHashedPassword(admin, admin.PasswordHash, ParleyApp.AdminPassword).ShouldNotBe(PasswordVerificationResult.Failed);
        hasher.VerifyHashedPassword(admin, admin.PasswordHash, "not the password").ShouldBe(PasswordVerificationResult.Failed);

        using var browser = app.NewClient();
        (await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = "ada@acme.test", password = ParleyApp.AdminPassword }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task Second_setup_is_a_409_problem_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await app.SetUpAsync();
        var before = await app.SnapshotAsync();
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/setup", SetupBody("Intruder Ltd", "Mallory", "mallory@evil.test"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Title.ShouldBe("Parley is already set up.");
        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<Parley.Organizations.Organization>()).ShouldBe(1);
        (await app.QueryAsync(d => d.Users.IgnoreQueryFilters().AnyAsync(u => u.Email == "mallory@evil.test"))).ShouldBeFalse();
    }

    [ProviderFact]
    public async Task Setup_with_every_field_missing_is_a_400_naming_each_field_and_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var before = await app.SnapshotAsync();
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/setup", new { });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["organizationName", "name", "email", "password"], ignoreOrder: true);
        (await app.SnapshotAsync()).ShouldBe(before);
        await NothingWrittenAsync(app);
    }

    [ProviderFact]
    public async Task Setup_with_blank_names_an_invalid_email_and_a_short_password_is_a_400_naming_each_field(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/setup", SetupBody(organizationName: "   ", name: "", email: "not-an-email", password: "short"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["organizationName", "name", "email", "password"], ignoreOrder: true);
        problem.Errors["email"].ShouldContain("'email' is not a valid email address.");
        problem.Errors["password"].ShouldHaveSingleItem().ShouldContain("10");
        await NothingWrittenAsync(app);
    }

    [ProviderFact]
    public async Task Setup_with_only_a_too_short_password_names_only_password_and_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/setup", SetupBody(password: "123456789"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["password"]);
        await NothingWrittenAsync(app);

        // The refusal did not use up the one setup: a valid attempt still succeeds.
        (await anonymous.PostAsJsonAsync("/api/v1/setup", SetupBody())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [ProviderFact]
    public async Task Setup_with_an_overlong_organisation_name_names_organizationName(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/setup", SetupBody(organizationName: new string('a', 201)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["organizationName"]);
        await NothingWrittenAsync(app);
    }

    [ProviderFact]
    public async Task Setup_with_malformed_json_is_a_400_problem_and_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var before = await app.SnapshotAsync();
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsync("/api/v1/setup",
            new StringContent("""{"organizationName": "Acme", "name": "Ada""", Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Title.ShouldBe("The request has invalid fields.");
        problem.Errors.ShouldNotBeNull().Values.Single().Single().ShouldContain("not valid JSON");
        (await app.SnapshotAsync()).ShouldBe(before);
        await NothingWrittenAsync(app);
    }

    [ProviderFact]
    public async Task Two_concurrent_setups_create_exactly_one_organisation_and_one_admin(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        using var first = app.NewClient();
        using var second = app.NewClient();

        var responses = await Task.WhenAll(
            first.PostAsJsonAsync("/api/v1/setup", SetupBody("First Co", "Ada Admin", "ada@first.test")),
            second.PostAsJsonAsync("/api/v1/setup", SetupBody("Second Co", "Bea Admin", "bea@second.test")));

        responses.Select(r => r.StatusCode).ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict], ignoreOrder: true);
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        loser.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var winner = (await responses.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<Json.Founded>())!;

        (await app.CountAsync<Parley.Organizations.Organization>()).ShouldBe(1);
        (await app.CountAsync<User>()).ShouldBe(1);
        (await app.QueryAsync(d => d.Installations.CountAsync())).ShouldBe(1);
        var admin = await app.QueryAsync(d => d.Users.IgnoreQueryFilters().SingleAsync());
        admin.Id.ShouldBe(winner.User.Id);
        admin.OrganizationId.ShouldBe(winner.Organization.Id);
    }

    private static async Task NothingWrittenAsync(ParleyApp app)
    {
        (await app.CountAsync<Parley.Organizations.Organization>()).ShouldBe(0);
        (await app.CountAsync<User>()).ShouldBe(0);
        (await app.QueryAsync(d => d.Installations.CountAsync())).ShouldBe(0);
    }

}
