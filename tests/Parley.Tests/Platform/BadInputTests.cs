using System.Net;
using System.Text;
using System.Text.Json;
using Parley.Tests.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Platform;

/// <summary>
/// Every kind of input the framework cannot bind is answered like the handlers' own validation: a
/// problem with an <c>errors</c> map naming the JSON field, in the API's words, and nothing changes.
/// </summary>
public sealed class BadInputTests
{
    private sealed record BadInput(string Name, HttpMethod Method, string Url, string? Body, string? ContentType, HttpStatusCode Status, string Field, string? Says = null);

    private static readonly string[] Leaks = ["System.", "Parley.", "Microsoft.", "Failed to read parameter", "Failed to bind", "Nullable", "Int32", "   at ", "JsonException", "was not provided"];

    [ProviderFact]
    public async Task Bad_input_of_every_kind_is_a_problem_naming_the_field_without_type_names_and_changes_nothing(string db)
    {
        await using var f = await ConversationFixture.StartAsync(db);
        var conversation = (await f.DeliverAsync(f.NewPhone())).ConversationId;
        const string Json = "application/json";
        BadInput[] cases =
        [
            new("malformed JSON at the top", HttpMethod.Post, "/api/v1/teams", "not json", Json, HttpStatusCode.BadRequest, "body", "not valid JSON"),
            new("malformed JSON inside a field", HttpMethod.Post, "/api/v1/teams", """{"name": tru}""", Json, HttpStatusCode.BadRequest, "name", "not valid JSON"),
            new("a number for a string", HttpMethod.Patch, $"/api/v1/conversations/{conversation}", """{"subject": 5}""", Json, HttpStatusCode.BadRequest, "subject", "must be a string"),
            new("a number for a nested string", HttpMethod.Post, "/api/v1/channels", """{"type": "Api", "name": "Bot", "settings": {"webhookUrl": 42}}""", Json,
                HttpStatusCode.BadRequest, "settings.webhookUrl", "must be a string"),
            new("not an id in a list", HttpMethod.Post, "/api/v1/conversations/read", """{"ids": ["not-an-id"], "read": true}""", Json, HttpStatusCode.BadRequest, "ids[0]", "must be an id"),
            new("a string for true or false", HttpMethod.Post, "/api/v1/conversations/read", $$"""{"ids": ["{{conversation}}"], "read": "yes"}""", Json,
                HttpStatusCode.BadRequest, "read", "must be true or false"),
            new("a number for an enum", HttpMethod.Patch, $"/api/v1/conversations/{conversation}", """{"priority": 5}""", Json, HttpStatusCode.BadRequest, "priority",
                "must be one of: Low, Normal, High, Urgent"),
            new("an unknown enum value", HttpMethod.Post, "/api/v1/channels", """{"type": "Bogus", "name": "Bot"}""", Json, HttpStatusCode.BadRequest, "type",
                "must be one of: Api, Sms, WhatsApp"),
            new("not a date", HttpMethod.Post, $"/api/v1/conversations/{conversation}/reminders", """{"at": "tomorrow"}""", Json, HttpStatusCode.BadRequest, "at", "date and time"),
            new("an array for the body", HttpMethod.Post, "/api/v1/teams", "[]", Json, HttpStatusCode.BadRequest, "body", "must be an object"),
            new("a null body", HttpMethod.Post, "/api/v1/teams", "null", Json, HttpStatusCode.BadRequest, "body", "JSON body is required"),
            new("an empty body", HttpMethod.Post, "/api/v1/teams", "", Json, HttpStatusCode.BadRequest, "body", "JSON body is required"),
            new("no body at all", HttpMethod.Post, $"/api/v1/conversations/{conversation}/assign", null, null, HttpStatusCode.BadRequest, "body", "JSON body is required"),
            new("a form instead of JSON", HttpMethod.Post, "/api/v1/teams", "name=Support", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "body",
                "Content-Type: application/json"),
            new("malformed JSON for a settings document", HttpMethod.Put, "/api/v1/maintenance/policy", "{\"archive\": ", Json, HttpStatusCode.BadRequest, "body", "not valid JSON"),
            new("letters for a number in the query", HttpMethod.Get, "/api/v1/teams?limit=abc", null, null, HttpStatusCode.BadRequest, "limit", "must be a whole number"),
            new("an unknown status in the query", HttpMethod.Get, "/api/v1/conversations?status=Nope", null, null, HttpStatusCode.BadRequest, "status", "Open"),
            new("not an id in the query", HttpMethod.Get, "/api/v1/conversations?channelId=abc", null, null, HttpStatusCode.BadRequest, "channelId", "must be an id"),
            new("not true or false in the query", HttpMethod.Get, "/api/v1/conversations?unread=perhaps", null, null, HttpStatusCode.BadRequest, "unread", "must be true or false"),
            new("not true or false for a dry run", HttpMethod.Post, "/api/v1/maintenance/runs?dryRun=maybe", null, null, HttpStatusCode.BadRequest, "dryRun", "must be true or false"),
        ];
        var before = await f.SnapshotAsync();

        foreach (var bad in cases)
        {
            using var request = new HttpRequestMessage(bad.Method, bad.Url);
            if (bad.Body is not null)
                request.Content = new StringContent(bad.Body, Encoding.UTF8, bad.ContentType!);
            var response = await f.Admin.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            response.StatusCode.ShouldBe(bad.Status, $"{bad.Name}: {text}");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", bad.Name);
            using var problem = JsonDocument.Parse(text);
            problem.RootElement.TryGetProperty("errors", out var map).ShouldBeTrue($"{bad.Name}: {text}");
            var errors = map.EnumerateObject().ToList();
            errors.Select(e => e.Name).ShouldBe([bad.Field], $"{bad.Name}: {text}");
            var message = errors[0].Value.EnumerateArray().Single().GetString()!;
            if (bad.Says is not null)
                message.ShouldContain(bad.Says, Case.Sensitive, $"{bad.Name}: {text}");
            foreach (var leak in Leaks)
                text.ShouldNotContain(leak, Case.Sensitive, $"{bad.Name}: {text}");
        }

        (await f.SnapshotAsync()).ShouldBe(before);
    }
}
