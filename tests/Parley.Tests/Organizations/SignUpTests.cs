using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Organizations;

public sealed class SignUpTests
{
    private static readonly Dictionary<string, string?> SignupAllowed = new() { ["Parley:AllowSignup"] = "true" };

    private static object SignUpBody(string organizationName = "Globex", string name = "Gil Globex", string email = "gil@globex.test", string password = ParleyApp.AdminPassword) =>
        new { organizationName, name, email, password };

    [ProviderFact]
    public async Task Sign_up_is_a_404_problem_by_default_and_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await app.SetUpAsync();
        var before = await app.SnapshotAsync();
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/organizations", SignUpBody());

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<Parley.Organizations.Organization>()).ShouldBe(1);
        (await app.QueryAsync(d => d.Users.IgnoreQueryFilters().AnyAsync(u => u.Email == "gil@globex.test"))).ShouldBeFalse();
    }

    [ProviderFact]
    public async Task Sign_up_switched_off_explicitly_is_a_404_problem_even_on_a_fresh_server(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "false" });
        var before = await app.SnapshotAsync();
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/organizations", SignUpBody());

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<Parley.Organizations.Organization>()).ShouldBe(0);
        (await app.CountAsync<User>()).ShouldBe(0);
    }

    [ProviderFact]
    public async Task Sign_up_creates_a_second_organisation_whose_admin_sees_only_their_own(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, SignupAllowed);
        var acme = await app.SetUpAsync();
        await app.AddUserAsync(acme, "agnes@acme.test");
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/organizations", SignUpBody());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var founded = (await response.Content.ReadFromJsonAsync<Json.Founded>())!;
        founded.Organization.Name.ShouldBe("Globex");
        founded.Organization.Id.ShouldNotBe(acme.OrganizationId);
        founded.User.Email.ShouldBe("gil@globex.test");
        founded.User.Role.ShouldBe("Admin");

        var organizations = await app.QueryAsync(d => d.Organizations.OrderBy(o => o.Name).Select(o => o.Name).ToListAsync());
        organizations.ShouldBe(["Acme", "Globex"]);
        var gilRow = await app.QueryAsync(d => d.Users.IgnoreQueryFilters().SingleAsync(u => u.Id == founded.User.Id));
        gilRow.OrganizationId.ShouldBe(founded.Organization.Id);
        gilRow.Role.ShouldBe(UserRole.Admin);
        gilRow.PasswordHash.ShouldNotBe(ParleyApp.AdminPassword);
        // Sign-up is not setup: the installation row stays the one the first setup wrote.
        (await app.QueryAsync(d => d.Installations.CountAsync())).ShouldBe(1);

        var gil = await app.SignInAsync("gil@globex.test", ParleyApp.AdminPassword, founded.Organization.Id, founded.User.Id);
        var organization = await gil.Client.GetFromJsonAsync<Json.Organization>("/api/v1/organization");
        organization.ShouldBe(new Json.Organization(founded.Organization.Id, "Globex"));
        var users = await gil.Client.GetFromJsonAsync<Json.Page<Json.User>>("/api/v1/users");
        users!.Items.Select(u => u.Email).ShouldBe(["gil@globex.test"]);

        // And the first organisation still sees only its own people.
        (await acme.Client.GetFromJsonAsync<Json.Organization>("/api/v1/organization"))!.Name.ShouldBe("Acme");
        var acmeUsers = await acme.Client.GetFromJsonAsync<Json.Page<Json.User>>("/api/v1/users");
        acmeUsers!.Items.Select(u => u.Email).ShouldBe(["ada@acme.test", "agnes@acme.test"]);
    }

    [ProviderFact]
    public async Task Sign_up_with_an_email_used_in_another_organisation_is_a_409_and_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, SignupAllowed);
        await app.SetUpAsync(email: "ada@acme.test");
        var before = await app.SnapshotAsync();
        using var anonymous = app.NewClient();

        var sameEmail = await anonymous.PostAsJsonAsync("/api/v1/organizations", SignUpBody(email: "ada@acme.test"));
        var otherCase = await anonymous.PostAsJsonAsync("/api/v1/organizations", SignUpBody(email: "ADA@Acme.test"));

        (await sameEmail.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Title.ShouldBe("A user with this email already exists.");
        await otherCase.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await app.SnapshotAsync()).ShouldBe(before);
        (await app.CountAsync<Parley.Organizations.Organization>()).ShouldBe(1);
    }

    [ProviderFact]
    public async Task Sign_up_with_invalid_fields_is_a_400_naming_each_and_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, SignupAllowed);
        await app.SetUpAsync();
        var before = await app.SnapshotAsync();
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/organizations", SignUpBody(organizationName: "", name: " ", email: "gil@", password: "tiny"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Errors!.Keys.ShouldBe(["organizationName", "name", "email", "password"], ignoreOrder: true);
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Setup_after_a_sign_up_organisation_exists_is_a_409_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, SignupAllowed);
        var globex = await app.SignUpAsync("Globex", "gil@globex.test");
        var before = await app.SnapshotAsync();
        using var anonymous = app.NewClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/setup",
            new { organizationName = "Acme", name = "Ada Admin", email = "ada@acme.test", password = ParleyApp.AdminPassword });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Title.ShouldBe("Parley is already set up.");
        (await app.SnapshotAsync()).ShouldBe(before);
        var organization = await app.QueryAsync(d => d.Organizations.SingleAsync());
        organization.Id.ShouldBe(globex.OrganizationId);
        (await app.QueryAsync(d => d.Installations.CountAsync())).ShouldBe(0);
    }

}
