using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Parley.Testing;
using Parley.Tests.Infrastructure;
using Parley.Tests.Simulator;

namespace Parley.Tests.Channels;

/// <summary>
/// Parley as an operator runs it (a real process on a loopback port) and the provider simulator
/// speaking Twilio's wire format: a customer's SMS becomes a conversation, the agent's reply goes
/// out, and the simulator's signed status callbacks move its ticks to read. Files travel both ways:
/// Parley fetches the customer's photo from the simulator, the simulator fetches the agent's PDF
/// from Parley.
/// </summary>
public sealed class EndToEndTests
{
    private const string AuthToken = "twilio-auth-token-0123456789";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    [ProviderFact]
    public async Task An_sms_from_the_simulator_becomes_a_conversation_and_the_replys_ticks_move_to_read_with_files_both_ways(string db)
    {
        await using var simulator = await RunningSimulator.StartAsync("--Simulator:TwilioReadReceipts=true");
        var connectionString = db == Db.Postgres ? await PostgresCluster.CreateEmptyDatabaseAsync() : "";
        var port = Loopback.FreePort();
        var parleyUrl = $"http://127.0.0.1:{port}";
        await using var server = ServerProcess.Start(
            $"--urls={parleyUrl}",
            $"--Parley:Database:Provider={db}",
            $"--ConnectionStrings:Parley={connectionString}",
            $"--Parley:DataDirectory={Directory.CreateTempSubdirectory("parley-e2e-").FullName}",
            $"--Parley:PublicBaseUrl={parleyUrl}");
        await server.WaitUntilListeningAsync();
        using var parley = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(parleyUrl) };
        var token = await SetUpAndIssueTokenAsync(parley);
        parley.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var channel = await (await parley.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "sms", name = "Support SMS", phoneNumber = "+15550100000",
            settings = new { accountSid = AccountSid, authToken = AuthToken, baseUrl = simulator.Client.BaseAddress!.ToString() },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var inboundUrl = channel.GetProperty("webhooks").GetProperty("inbound").GetString()!;

        var delivered = await simulator.Client.PostAsJsonAsync("/_sim/twilio/inbound", new
        {
            webhookUrl = inboundUrl, authToken = AuthToken, accountSid = AccountSid, from = "+15550102000", to = "+15550100000", body = "Is my order shipped?",
            media = new[] { new { contentType = "image/png", base64 = Convert.ToBase64String(Parley.Tests.Attachments.Files.Png(1_500)) } },
        });
        delivered.StatusCode.ShouldBe(HttpStatusCode.OK, await delivered.Content.ReadAsStringAsync());
        (await delivered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusCode").GetInt32().ShouldBe(200);

        var inbox = await parley.GetFromJsonAsync<JsonElement>("/api/v1/conversations");
        var row = inbox.GetProperty("items").EnumerateArray().Single();
        row.GetProperty("lastMessagePreview").GetString().ShouldBe("Is my order shipped?");
        var conversationId = row.GetProperty("id").GetGuid();
        // The photo is fetched by the media pass (every 2 s) with the channel's credentials.
        (await WaitForAsync(async () =>
        {
            var messages = await parley.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{conversationId}/messages");
            var photo = messages.GetProperty("items")[0].GetProperty("attachments")[0];
            return photo.GetProperty("status").GetString() == "Stored" ? photo.GetProperty("url").GetString() : null;
        })).ShouldNotBeNull();

        var receipt = Parley.Tests.Attachments.Files.Pdf(2_500);
        var upload = await Parley.Tests.Attachments.Files.UploadedAsync(parley, receipt, "application/pdf", "receipt.pdf");
        (await parley.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "It left this morning.", attachmentIds = new[] { upload.Id } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        // The outbound pass runs every 2 s and the callbacks follow the simulator's answer: wait for
        // the outcome (bounded), not for a fixed time.
        var status = await WaitForAsync(async () =>
        {
            var messages = await parley.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{conversationId}/messages");
            var reply = messages.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("direction").GetString() == "Out");
            var current = reply.GetProperty("deliveryStatus").GetString();
            return current == "Read" ? current : null;
        });
        status.ShouldBe("Read");
        var sent = await simulator.Client.GetFromJsonAsync<JsonElement>("/_sim/messages");
        var reply = sent.EnumerateArray().Single();
        reply.GetProperty("body").GetString().ShouldBe("It left this morning.");
        // The simulator fetched the PDF from Parley's media URL before reporting, as Twilio does.
        var fetched = reply.GetProperty("media")[0];
        fetched.GetProperty("statusCode").GetInt32().ShouldBe(200);
        fetched.GetProperty("sha256hex").GetString().ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(receipt)));
    }

    private static async Task<string> SetUpAndIssueTokenAsync(HttpClient parley)
    {
        const string password = "a long secret passphrase";
        (await parley.PostAsJsonAsync("/api/v1/setup", new { organizationName = "Acme", name = "Ada", email = "ada@acme.test", password })).EnsureSuccessStatusCode();
        var login = await parley.PostAsJsonAsync("/api/v1/auth/login", new { email = "ada@acme.test", password });
        var cookies = LoginCookies.From(login);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = JsonContent.Create(new { name = "e2e" }) };
        cookies.Apply(request);
        return (await (await parley.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static async Task<string?> WaitForAsync(Func<Task<string?>> probe)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!timeout.IsCancellationRequested)
        {
            if (await probe() is { } result)
                return result;
            await Task.Delay(200, CancellationToken.None);
        }
        return await probe();
    }
}
