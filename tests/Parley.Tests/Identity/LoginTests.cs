using System.Net;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Identity;

public sealed class LoginTests
{
    private const string WrongPassword = "not the right password";
    private const string Incorrect = "The email or password is incorrect.";
    private const string Locked = "Too many failed sign-in attempts.";

    private sealed record MeBody(Json.User User, Guid OrganizationId, string OrganizationName);

    [ProviderFact]
    public async Task Wrong_password_is_refused_with_401_and_counted_as_a_failed_attempt(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        using var browser = app.NewClient();

        var response = await browser.LoginAsync(admin.Email, WrongPassword);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Title.ShouldBe(Incorrect);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var row = await app.UserRowAsync(admin.UserId);
        row.AccessFailedCount.ShouldBe(1);
        row.LockoutEndsAt.ShouldBeNull();
    }

    [ProviderFact]
    public async Task Unknown_email_is_refused_with_the_same_answer_as_a_wrong_password_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        using var browser = app.NewClient();
        var wrongPassword = await (await browser.LoginAsync(admin.Email, WrongPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var before = await app.SnapshotAsync();

        var response = await browser.LoginAsync("nobody@acme.test", ParleyApp.AdminPassword);

        var unknownEmail = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        unknownEmail.Title.ShouldBe(Incorrect);
        unknownEmail.Title.ShouldBe(wrongPassword.Title);
        unknownEmail.Detail.ShouldBe(wrongPassword.Detail);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task Login_without_email_or_password_names_the_missing_fields_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        using var browser = app.NewClient();
        var before = await app.SnapshotAsync();

        await (await browser.PostAsJsonAsync("/api/v1/auth/login", new { })).ShouldBeValidationProblemAsync("email", "password");
        await (await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = admin.Email })).ShouldBeValidationProblemAsync("password");
        await (await browser.PostAsJsonAsync("/api/v1/auth/login", new { password = ParleyApp.AdminPassword })).ShouldBeValidationProblemAsync("email");
        await (await browser.LoginAsync("   ", "")).ShouldBeValidationProblemAsync("email", "password");

        (await app.SnapshotAsync()).ShouldBe(before);
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [ProviderFact]
    public async Task Email_is_matched_ignoring_case_and_surrounding_spaces(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        await app.SetUpAsync(email: "ada@acme.test");
        using var browser = app.NewClient();

        var response = await browser.LoginAsync("  ADA@Acme.TEST ", ParleyApp.AdminPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetFromJsonAsync<MeBody>("/api/v1/auth/me"))!.User.Email.ShouldBe("ada@acme.test");
    }

    [ProviderFact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_even_the_right_password_is_refused(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agentId = await admin.CreateUserAsync("agnes@acme.test");
        using var browser = app.NewClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            (await (await browser.LoginAsync("agnes@acme.test", WrongPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Title.ShouldBe(Incorrect);
            var counted = await app.UserRowAsync(agentId);
            counted.AccessFailedCount.ShouldBe(attempt);
            counted.LockoutEndsAt.ShouldBeNull();
        }

        var fifth = await (await browser.LoginAsync("agnes@acme.test", WrongPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        fifth.Title.ShouldBe(Locked);
        var locked = await app.UserRowAsync(agentId);
        locked.LockoutEndsAt.ShouldNotBeNull();
        // Identity starts the count again once it has set the lockout.
        locked.AccessFailedCount.ShouldBe(0);
        var before = await app.SnapshotAsync();

        var sixth = await browser.LoginAsync("agnes@acme.test", ParleyApp.AdminPassword);

        var refused = await sixth.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        refused.Title.ShouldBe(Locked);
        refused.Detail.ShouldNotBeNullOrWhiteSpace();
        sixth.Headers.Contains("Set-Cookie").ShouldBeFalse();
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.SnapshotAsync()).ShouldBe(before);
    }

    [ProviderFact]
    public async Task A_successful_login_resets_the_failed_attempt_count(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agentId = await admin.CreateUserAsync("agnes@acme.test");
        using var browser = app.NewClient();
        for (var attempt = 1; attempt <= 3; attempt++)
            (await browser.LoginAsync("agnes@acme.test", WrongPassword)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.UserRowAsync(agentId)).AccessFailedCount.ShouldBe(3);

        (await browser.LoginAsync("agnes@acme.test", ParleyApp.AdminPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.UserRowAsync(agentId)).AccessFailedCount.ShouldBe(0);
        // Four more misses would have locked the account had the earlier three still counted.
        using var other = app.NewClient();
        for (var attempt = 1; attempt <= 4; attempt++)
            (await (await other.LoginAsync("agnes@acme.test", WrongPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Title.ShouldBe(Incorrect);
        var row = await app.UserRowAsync(agentId);
        row.AccessFailedCount.ShouldBe(4);
        row.LockoutEndsAt.ShouldBeNull();
        (await other.LoginAsync("agnes@acme.test", ParleyApp.AdminPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task A_locked_account_opens_again_after_fifteen_minutes(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agentId = await admin.CreateUserAsync("agnes@acme.test");
        using var browser = app.NewClient();
        for (var attempt = 1; attempt <= 5; attempt++)
            await browser.LoginAsync("agnes@acme.test", WrongPassword);
        (await app.UserRowAsync(agentId)).LockoutEndsAt.ShouldBe(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(15));

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        (await (await browser.LoginAsync("agnes@acme.test", ParleyApp.AdminPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Title.ShouldBe(Locked);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await browser.LoginAsync("agnes@acme.test", ParleyApp.AdminPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task An_admin_setting_a_new_password_unlocks_a_locked_account(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agentId = await admin.CreateUserAsync("agnes@acme.test");
        using var browser = app.NewClient();
        for (var attempt = 1; attempt <= 5; attempt++)
            (await browser.LoginAsync("agnes@acme.test", WrongPassword)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.UserRowAsync(agentId)).LockoutEndsAt.ShouldNotBeNull();

        (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{agentId}", new { password = HttpAssertions.OtherPassword })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var row = await app.UserRowAsync(agentId);
        row.LockoutEndsAt.ShouldBeNull();
        row.AccessFailedCount.ShouldBe(0);
        (await browser.LoginAsync("agnes@acme.test", HttpAssertions.OtherPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [ProviderFact]
    public async Task A_browser_holding_a_session_can_sign_in_to_an_account_of_another_organisation(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" });
        var acme = await app.SetUpAsync(organizationName: "Acme");
        var globex = await app.SignUpAsync("Globex", "gus@globex.test");

        var wrong = await acme.Client.LoginAsync("gus@globex.test", WrongPassword);

        (await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).Title.ShouldBe(Incorrect);
        (await app.UserRowAsync(globex.UserId)).AccessFailedCount.ShouldBe(1);
        (await app.UserRowAsync(acme.UserId)).AccessFailedCount.ShouldBe(0);

        (await acme.Client.LoginAsync("gus@globex.test", ParleyApp.AdminPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var me = (await acme.Client.GetFromJsonAsync<MeBody>("/api/v1/auth/me"))!;
        me.User.Id.ShouldBe(globex.UserId);
        me.OrganizationName.ShouldBe("Globex");
        (await app.UserRowAsync(globex.UserId)).AccessFailedCount.ShouldBe(0);
    }

    [ProviderFact]
    public async Task Me_returns_the_signed_in_user_and_the_organisation_name(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync(organizationName: "Globex");
        var agentId = await admin.CreateUserAsync("agnes@acme.test", name: "Agnes Agent");
        using var browser = app.NewClient();
        await (await browser.GetAsync("/api/v1/auth/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var login = await browser.LoginAsync("agnes@acme.test", ParleyApp.AdminPassword);
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        var signedIn = await login.Content.ReadFromJsonAsync<MeBody>();
        var me = await browser.GetAsync("/api/v1/auth/me");

        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = (await me.Content.ReadFromJsonAsync<MeBody>())!;
        body.User.ShouldBe(new Json.User(agentId, "Agnes Agent", "agnes@acme.test", "Agent"));
        body.OrganizationId.ShouldBe(admin.OrganizationId);
        body.OrganizationName.ShouldBe("Globex");
        signedIn.ShouldBe(body);
        var row = await app.UserRowAsync(agentId);
        row.OrganizationId.ShouldBe(admin.OrganizationId);
        row.AccessFailedCount.ShouldBe(0);
    }
}
