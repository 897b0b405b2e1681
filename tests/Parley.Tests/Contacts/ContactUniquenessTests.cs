using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Contacts;

public sealed class ContactUniquenessTests
{
    [ProviderFact]
    public async Task Creating_the_same_number_at_the_same_moment_leaves_exactly_one_contact(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();

        // Whatever the interleaving — the check in code or the unique index decides — one wins.
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            admin.Client.PostAsJsonAsync("/api/v1/contacts", new { name = $"Caller {i}", phone = "+15550102000" })));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(5);
        (await app.QueryAsync(d => d.Contacts.IgnoreQueryFilters().CountAsync(c => c.Phone == "+15550102000"))).ShouldBe(1);
    }
}
