using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Contacts;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Contacts;

public sealed class ContactTests
{
    [ProviderFact]
    public async Task Creating_a_contact_stores_its_phone_in_E164_and_its_name_for_search(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        var response = await admin.Client.PostAsJsonAsync("/api/v1/contacts",
            new { name = "  Alice Moreau ", phone = "+1 (555) 010-2000", email = " alice@example.test ", externalId = "crm-42" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var contact = (await response.Content.ReadFromJsonAsync<ContactResponse>())!;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/contacts/{contact.Id}");
        contact.ShouldBe(new ContactResponse(contact.Id, "Alice Moreau", "+15550102000", "alice@example.test", "crm-42", false, app.Now(), app.Now()));
        var row = (await ContactRowsAsync(app)).ShouldHaveSingleItem();
        row.Id.ShouldBe(contact.Id);
        row.OrganizationId.ShouldBe(admin.OrganizationId);
        row.Name.ShouldBe("Alice Moreau");
        row.SearchName.ShouldBe("alice moreau");
        row.Phone.ShouldBe("+15550102000");
        row.Email.ShouldBe("alice@example.test");
        row.ExternalId.ShouldBe("crm-42");
        row.OptedOut.ShouldBeFalse();
        row.CreatedAt.ShouldBe(app.Now());
        row.UpdatedAt.ShouldBe(app.Now());
    }

    [ProviderFact]
    public async Task A_contact_known_only_by_phone_or_only_by_external_id_can_be_created(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        var byPhone = await CreateContactAsync(admin, new { phone = "5550102000" });
        var byExternalId = await CreateContactAsync(admin, new { externalId = "bot-user-7" });

        var rows = await ContactRowsAsync(app);
        rows.Select(r => (r.Id, r.Name, r.SearchName, r.Phone, r.ExternalId))
            .ShouldBe([(byPhone.Id, null, "", "+15550102000", null), (byExternalId.Id, null, "", null, "bot-user-7")], ignoreOrder: true);
    }

    [ProviderFact]
    public async Task Creating_a_contact_with_an_invalid_phone_is_a_400_naming_phone_and_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        foreach (var phone in new[] { "abc", "12345", "+0123456789", "555-0102" })
        {
            var response = await admin.Client.PostAsJsonAsync("/api/v1/contacts", new { name = "Alice", phone });
            await response.ShouldBeValidationProblemAsync("phone");
        }

        (await app.SnapshotAsync()).ShouldBe(before);
        (await ContactRowsAsync(app)).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task Creating_a_contact_with_an_invalid_email_is_a_400_naming_email_and_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        foreach (var email in new[] { "not-an-email", "alice@", "alice@localhost" })
        {
            var response = await admin.Client.PostAsJsonAsync("/api/v1/contacts", new { name = "Alice", email });
            await response.ShouldBeValidationProblemAsync("email");
        }

        (await app.SnapshotAsync()).ShouldBe(before);
        (await ContactRowsAsync(app)).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task Creating_a_contact_without_any_identifier_or_with_an_overlong_name_is_a_400_naming_name(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var before = await app.SnapshotAsync();

        object[] bodies = [new { }, new { name = "", phone = " ", email = "", externalId = "  " }, new { name = new string('n', 201) }];
        foreach (var body in bodies)
            await (await admin.Client.PostAsJsonAsync("/api/v1/contacts", body)).ShouldBeValidationProblemAsync("name");

        (await app.SnapshotAsync()).ShouldBe(before);
        (await ContactRowsAsync(app)).ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task Creating_a_contact_with_a_phone_another_contact_has_is_a_409_and_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var existing = await CreateContactAsync(admin, new { name = "Alice", phone = "+15550102000" });
        var before = await app.SnapshotAsync();

        // Written differently, the same number.
        var response = await admin.Client.PostAsJsonAsync("/api/v1/contacts", new { name = "Alice again", phone = "555-010-2000" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Title.ShouldBe("A contact with this phone number already exists.");
        (await app.SnapshotAsync()).ShouldBe(before);
        (await ContactRowsAsync(app)).ShouldHaveSingleItem().Id.ShouldBe(existing.Id);
    }

    [ProviderFact]
    public async Task Searching_by_phone_in_any_format_finds_the_same_single_contact(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var alice = await CreateContactAsync(admin, new { name = "Alice Moreau", phone = "+15550102000" });
        await CreateContactAsync(admin, new { name = "Bob", phone = "+15550102001" });
        await CreateContactAsync(admin, new { name = "Carol", phone = "+442079460958" });
        var before = await app.SnapshotAsync();

        foreach (var q in new[] { "+1 (555) 010-2000", "555-010-2000", "5550102000", "+15550102000" })
        {
            var page = await SearchAsync(admin, $"q={Uri.EscapeDataString(q)}");
            page.Items.ShouldHaveSingleItem().Id.ShouldBe(alice.Id, $"searching for {q}");
            page.NextCursor.ShouldBeNull();
        }

        (await SearchAsync(admin, $"q={Uri.EscapeDataString("0044 20 7946 0958")}")).Items.ShouldHaveSingleItem().Name.ShouldBe("Carol");
        (await app.SnapshotAsync()).ShouldBe(before);
        (await ContactRowsAsync(app)).Single(r => r.Id == alice.Id).Phone.ShouldBe("+15550102000");
    }

    [ProviderFact]
    public async Task Searching_by_name_prefix_ignores_case_and_matches_only_the_start_of_the_name(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var alina = await CreateContactAsync(admin, new { name = "Alina" });
        var alice = await CreateContactAsync(admin, new { name = "Alice Moreau" });
        await CreateContactAsync(admin, new { name = "Bob Ali" });
        await CreateContactAsync(admin, new { name = "Al" });
        await CreateContactAsync(admin, new { email = "ali@example.test" });
        var before = await app.SnapshotAsync();

        foreach (var q in new[] { "ali", "ALI", " Ali " })
            (await SearchAsync(admin, $"q={Uri.EscapeDataString(q)}")).Items.Select(c => c.Id).ShouldBe([alice.Id, alina.Id], $"searching for '{q}'");
        (await SearchAsync(admin, "q=alice%20m")).Items.Select(c => c.Id).ShouldBe([alice.Id]);
        (await SearchAsync(admin, "q=zed")).Items.ShouldBeEmpty();

        (await app.SnapshotAsync()).ShouldBe(before);
        var rows = await ContactRowsAsync(app);
        rows.Where(r => r.SearchName.StartsWith("ali", StringComparison.Ordinal)).Select(r => r.Id).ShouldBe([alice.Id, alina.Id], ignoreOrder: true);
    }

    [ProviderFact]
    public async Task Listing_with_limit_two_walks_every_contact_once_in_name_order_even_when_names_repeat(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        // Created in the same millisecond, so the ids' order among the three Sams is random:
        // only the id tiebreak keeps a page from repeating or skipping one of them.
        foreach (var body in new object[] { new { name = "Sam" }, new { name = "zoe" }, new { name = "sam" }, new { name = "Adam" }, new { name = "SAM" }, new { phone = "5550102000" } })
            await CreateContactAsync(admin, body);

        var walked = await WalkAsync(admin, "limit=2");

        walked.Select(p => p.Count).ShouldBe([2, 2, 2]);
        var rows = await ContactRowsAsync(app);
        var expected = rows.OrderBy(r => r.SearchName, StringComparer.Ordinal).ThenBy(r => r.Id.ToString(), StringComparer.Ordinal).Select(r => r.Id).ToList();
        walked.SelectMany(p => p).Select(c => c.Id).ShouldBe(expected);
        walked.SelectMany(p => p).Select(c => c.Name?.ToLowerInvariant()).ShouldBe([null, "adam", "sam", "sam", "sam", "zoe"]);
    }

    [ProviderFact]
    public async Task Searching_with_limit_one_walks_every_match_once(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var ids = new List<Guid>();
        foreach (var name in new[] { "Ali", "ali", "Alina", "ALI" })
            ids.Add((await CreateContactAsync(admin, new { name })).Id);
        await CreateContactAsync(admin, new { name = "Bob" });

        var walked = await WalkAsync(admin, "q=ali&limit=1");

        walked.Select(p => p.Count).ShouldBe([1, 1, 1, 1]);
        walked.SelectMany(p => p).Select(c => c.Id).ShouldBe(ids, ignoreOrder: true);
        walked.SelectMany(p => p).Last().Name.ShouldBe("Alina");
        (await ContactRowsAsync(app)).Count.ShouldBe(5);
    }

    [ProviderFact]
    public async Task A_cursor_the_list_did_not_return_or_an_out_of_range_limit_is_a_400(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        await (await admin.Client.GetAsync("/api/v1/contacts?cursor=%25%25%25")).ShouldBeValidationProblemAsync("cursor");
        // Valid base64 of text that is not "name\nid".
        await (await admin.Client.GetAsync("/api/v1/contacts?cursor=YWxpY2U")).ShouldBeValidationProblemAsync("cursor");
        await (await admin.Client.GetAsync("/api/v1/contacts?limit=201")).ShouldBeValidationProblemAsync("limit");
    }

    [ProviderFact]
    public async Task Getting_a_contact_returns_it_and_an_unknown_id_is_a_404(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var created = await CreateContactAsync(admin, new { name = "Alice", phone = "5550102000", email = "alice@example.test" });

        var got = await admin.Client.GetFromJsonAsync<ContactResponse>($"/api/v1/contacts/{created.Id}");

        got.ShouldBe(created);
        (await (await admin.Client.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .Title.ShouldBe("The contact was not found.");
        var row = (await ContactRowsAsync(app)).ShouldHaveSingleItem();
        (row.Id, row.Name, row.Phone, row.Email).ShouldBe((created.Id, "Alice", "+15550102000", "alice@example.test"));
    }

    [ProviderFact]
    public async Task Patching_a_contact_changes_the_given_fields_clears_empty_ones_and_keeps_null_ones(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var created = await CreateContactAsync(admin, new { name = "Alice", phone = "5550102000", email = "alice@example.test", externalId = "crm-1" });
        var createdAt = app.Now();
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var response = await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{created.Id}",
            new { name = "Alice Moreau", phone = "+44 20 7946 0958", email = "", optedOut = true });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<ContactResponse>())
            .ShouldBe(new ContactResponse(created.Id, "Alice Moreau", "+442079460958", null, "crm-1", true, createdAt, app.Now()));
        var row = (await ContactRowsAsync(app)).ShouldHaveSingleItem();
        row.Name.ShouldBe("Alice Moreau");
        row.SearchName.ShouldBe("alice moreau");
        row.Phone.ShouldBe("+442079460958");
        row.Email.ShouldBeNull();
        row.ExternalId.ShouldBe("crm-1");
        row.OptedOut.ShouldBeTrue();
        row.CreatedAt.ShouldBe(createdAt);
        row.UpdatedAt.ShouldBe(app.Now());
        (await SearchAsync(admin, "q=alice%20mo")).Items.ShouldHaveSingleItem().Id.ShouldBe(created.Id);
        (await SearchAsync(admin, "q=5550102000")).Items.ShouldBeEmpty();
    }

    [ProviderFact]
    public async Task Patching_a_contact_with_its_current_values_writes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var created = await CreateContactAsync(admin, new { name = "Alice", phone = "+15550102000" });
        var before = await app.SnapshotAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var response = await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{created.Id}", new { name = " Alice", phone = "555 010 2000", optedOut = false });

        (await response.Content.ReadFromJsonAsync<ContactResponse>()).ShouldBe(created);
        (await app.SnapshotAsync()).ShouldBe(before);
        (await ContactRowsAsync(app)).ShouldHaveSingleItem().UpdatedAt.ShouldBe(created.UpdatedAt);
    }

    [ProviderFact]
    public async Task Patching_that_would_leave_a_contact_without_any_identifier_is_a_400_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var created = await CreateContactAsync(admin, new { name = "Alice", email = "alice@example.test" });
        var before = await app.SnapshotAsync();

        await (await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{created.Id}", new { name = "", email = " " })).ShouldBeValidationProblemAsync("name");
        await (await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{created.Id}", new { phone = "abc" })).ShouldBeValidationProblemAsync("phone");
        await (await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{created.Id}", new { email = "nope" })).ShouldBeValidationProblemAsync("email");

        (await app.SnapshotAsync()).ShouldBe(before);
        var row = (await ContactRowsAsync(app)).ShouldHaveSingleItem();
        (row.Name, row.Email, row.Phone).ShouldBe(("Alice", "alice@example.test", null));
    }

    [ProviderFact]
    public async Task Patching_a_contact_to_another_contacts_phone_is_a_409_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        await CreateContactAsync(admin, new { name = "Alice", phone = "+15550102000" });
        var bob = await CreateContactAsync(admin, new { name = "Bob", phone = "+15550102001" });
        var before = await app.SnapshotAsync();

        var response = await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{bob.Id}", new { phone = "(555) 010-2000" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Title.ShouldBe("A contact with this phone number already exists.");
        (await app.SnapshotAsync()).ShouldBe(before);
        (await ContactRowsAsync(app)).Single(r => r.Id == bob.Id).Phone.ShouldBe("+15550102001");
    }

    [ProviderFact]
    public async Task Patching_an_unknown_contact_is_a_404_even_with_an_invalid_body_and_changes_nothing(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        await CreateContactAsync(admin, new { name = "Alice" });
        var before = await app.SnapshotAsync();

        await (await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{Guid.NewGuid()}", new { name = "Bob" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{Guid.NewGuid()}", new { phone = "abc" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await app.SnapshotAsync()).ShouldBe(before);
        (await ContactRowsAsync(app)).ShouldHaveSingleItem().Name.ShouldBe("Alice");
    }

    [ProviderFact]
    public async Task An_agent_can_create_search_get_and_edit_contacts(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var agent = await app.AddUserAsync(admin, "agnes@acme.test");

        var created = await CreateContactAsync(agent, new { name = "Unknown sender", phone = "+15550102000" });
        (await SearchAsync(agent, "q=5550102000")).Items.ShouldHaveSingleItem().Id.ShouldBe(created.Id);
        (await agent.Client.GetFromJsonAsync<ContactResponse>($"/api/v1/contacts/{created.Id}"))!.Name.ShouldBe("Unknown sender");
        var patched = await agent.Client.PatchAsJsonAsync($"/api/v1/contacts/{created.Id}", new { name = "Dana Cruz" });

        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        var row = (await ContactRowsAsync(app)).ShouldHaveSingleItem();
        (row.Id, row.Name, row.Phone, row.OrganizationId).ShouldBe((created.Id, "Dana Cruz", "+15550102000", admin.OrganizationId));
    }

    [ProviderFact]
    public async Task Anonymous_callers_can_neither_read_nor_create_contacts(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var created = await CreateContactAsync(admin, new { name = "Alice" });
        var before = await app.SnapshotAsync();
        using var anonymous = app.NewClient();

        await (await anonymous.GetAsync("/api/v1/contacts")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"/api/v1/contacts/{created.Id}")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/contacts", new { name = "Sneaky" })).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PatchAsJsonAsync($"/api/v1/contacts/{created.Id}", new { name = "Sneaky" })).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        (await app.SnapshotAsync()).ShouldBe(before);
        (await ContactRowsAsync(app)).ShouldHaveSingleItem().Name.ShouldBe("Alice");
    }

    [ProviderFact]
    public async Task Contacts_of_another_organisation_are_out_of_reach_and_their_phone_numbers_are_free(string db)
    {
        await using var app = await ParleyApp.StartAsync(db, new Dictionary<string, string?> { ["Parley:AllowSignup"] = "true" });
        var acme = await app.SetUpAsync();
        var globex = await app.SignUpAsync("Globex", "gil@globex.test");
        var alice = await CreateContactAsync(acme, new { name = "Alice", phone = "+15550102000" });
        var before = await app.SnapshotAsync();

        (await SearchAsync(globex, "")).Items.ShouldBeEmpty();
        (await SearchAsync(globex, "q=ali")).Items.ShouldBeEmpty();
        (await SearchAsync(globex, "q=5550102000")).Items.ShouldBeEmpty();
        await (await globex.Client.GetAsync($"/api/v1/contacts/{alice.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await globex.Client.PatchAsJsonAsync($"/api/v1/contacts/{alice.Id}", new { name = "Taken over", optedOut = true })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await app.SnapshotAsync()).ShouldBe(before);

        // The same number in another organisation is another person's record, not a duplicate.
        var theirs = await CreateContactAsync(globex, new { name = "Alice G", phone = "555-010-2000" });
        (await SearchAsync(acme, "q=5550102000")).Items.ShouldHaveSingleItem().Id.ShouldBe(alice.Id);
        (await SearchAsync(globex, "q=5550102000")).Items.ShouldHaveSingleItem().Id.ShouldBe(theirs.Id);
        var rows = await ContactRowsAsync(app);
        rows.Select(r => (r.Id, r.OrganizationId, r.Name, r.Phone, r.OptedOut)).ShouldBe(
            [(alice.Id, acme.OrganizationId, "Alice", "+15550102000", false), (theirs.Id, globex.OrganizationId, "Alice G", "+15550102000", false)],
            ignoreOrder: true);
    }

    private static async Task<ContactResponse> CreateContactAsync(Actor actor, object body)
    {
        var response = await actor.Client.PostAsJsonAsync("/api/v1/contacts", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<ContactResponse>())!;
    }

    private static async Task<Json.Page<ContactResponse>> SearchAsync(Actor actor, string query)
    {
        var response = await actor.Client.GetAsync($"/api/v1/contacts?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<Json.Page<ContactResponse>>())!;
    }

    private static async Task<List<List<ContactResponse>>> WalkAsync(Actor actor, string query)
    {
        var pages = new List<List<ContactResponse>>();
        string? cursor = null;
        do
        {
            var page = await SearchAsync(actor, query + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            pages.Add(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 20);
        return pages;
    }

    private static Task<List<Contact>> ContactRowsAsync(ParleyApp app) =>
        app.QueryAsync(d => d.Contacts.IgnoreQueryFilters().AsNoTracking().ToListAsync());
}
