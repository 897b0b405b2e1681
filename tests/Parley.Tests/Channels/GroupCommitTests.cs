using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Conversations;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Channels;

/// <summary>
/// Webhooks that arrive together are written by group commit, several to a transaction. Whatever
/// the batching, the rows must be exactly those of one transaction per webhook, every answered
/// webhook must be stored, and a webhook the database refuses must fail alone.
/// </summary>
public sealed class GroupCommitTests
{
    private const string AuthToken = "twilio-auth-token-0123456789";
    private const string AppSecret = "meta-app-secret-42";

    [ProviderFact]
    public async Task Concurrent_webhooks_of_new_and_returning_customers_with_retries_leave_the_rows_one_at_a_time_would(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var (sms, whatsApp) = await CreateChannelsAsync(admin);
        using var provider = app.NewClient();
        // A returning customer whose conversation was resolved: their messages reopen it, once.
        (await PostSmsAsync(provider, sms, "SMold", "+15550109000", "My order is late")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var resolvedId = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Select(c => c.Id).SingleAsync());
        (await admin.Client.PostAsync($"/api/v1/conversations/{resolvedId}/resolve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Eight new customers write three SMS and two WhatsApp messages each, all at once; every
        // fourth message is delivered twice (a provider retry racing its original); the returning
        // customer writes three more; one new customer texts STOP on both channels.
        var sends = new List<Func<Task<HttpResponseMessage>>>();
        var expected = new Dictionary<(string Phone, bool Sms), int>();
        for (var customer = 0; customer < 8; customer++)
        {
            var phone = $"+1555011{customer:D4}";
            for (var n = 0; n < 5; n++)
            {
                var onSms = n < 3;
                var id = onSms ? $"SM{customer}x{n}" : $"wamid.{customer}x{n}";
                var text = customer == 7 && n is 0 or 3 ? "STOP" : $"Message {n} from customer {customer}";
                Func<Task<HttpResponseMessage>> send = onSms
                    ? () => PostSmsAsync(provider, sms, id, phone, text)
                    : () => PostWhatsAppAsync(provider, whatsApp, id, phone, text);
                sends.Add(send);
                if ((customer * 5 + n) % 4 == 0)
                    sends.Add(send);
                expected[(phone, onSms)] = expected.GetValueOrDefault((phone, onSms)) + 1;
            }
        }
        for (var n = 0; n < 3; n++)
        {
            var id = $"SMback{n}";
            sends.Add(() => PostSmsAsync(provider, sms, id, "+15550109000", $"Still waiting ({n})"));
        }
        expected[("+15550109000", true)] = 4;

        using var batches = new BatchSizes();
        var responses = await Task.WhenAll(sends.Select(send => Task.Run(send)));

        foreach (var response in responses)
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        batches.Largest.ShouldBeGreaterThan(1, "the webhooks should have shared transactions");
        var contacts = await app.QueryAsync(d => d.Contacts.IgnoreQueryFilters().ToListAsync());
        contacts.Select(c => c.Phone).ShouldBe(expected.Keys.Select(k => k.Phone).Distinct(), ignoreOrder: true);
        contacts.Single(c => c.Phone == "+15550110007").OptedOut.ShouldBeTrue();
        var conversations = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters()
            .Join(d.Contacts.IgnoreQueryFilters(), c => c.ContactId, k => k.Id, (c, k) => new { c.Id, Phone = k.Phone!, c.ChannelId, c.Status })
            .ToListAsync());
        conversations.Count.ShouldBe(expected.Count, "one conversation per customer and channel");
        conversations.ShouldAllBe(c => c.Status == ConversationStatus.Open);
        conversations.Single(c => c.Phone == "+15550109000").Id.ShouldBe(resolvedId);
        var messages = await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().Where(m => m.Direction == MessageDirection.In).ToListAsync());
        messages.GroupBy(m => (m.ChannelId, m.ExternalMessageId)).ShouldAllBe(g => g.Count() == 1);
        foreach (var conversation in conversations)
            messages.Count(m => m.ConversationId == conversation.Id).ShouldBe(expected[(conversation.Phone, conversation.ChannelId == sms)]);
        var events = await app.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().ToListAsync());
        events.Count(e => e.Type == ConversationEventType.Created).ShouldBe(expected.Count);
        events.Where(e => e.ConversationId == resolvedId).Select(e => e.Type)
            .ShouldBe([ConversationEventType.Created, ConversationEventType.Resolved, ConversationEventType.Reopened]);
        // The second STOP finds the customer already opted out: one event, on whichever channel came first.
        events.Count(e => e.Type == ConversationEventType.ContactOptedOut).ShouldBe(1);
    }

    [ProviderFact]
    public async Task A_webhook_the_database_refuses_fails_alone_and_the_others_of_its_batch_are_stored(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var (sms, _) = await CreateChannelsAsync(admin);
        await RefuseMessagesSayingAsync(app, "poison");
        using var provider = app.NewClient();

        var phones = Enumerable.Range(0, 30).Select(n => $"+1555012{n:D4}").ToList();
        var responses = await Task.WhenAll(phones.Select((phone, n) =>
            Task.Run(() => PostSmsAsync(provider, sms, $"SM{n}", phone, n == 13 ? "poison" : "Hello"))));

        for (var n = 0; n < phones.Count; n++)
            responses[n].StatusCode.ShouldBe(n == 13 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);
        (await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().Select(m => m.ExternalMessageId).ToListAsync()))
            .ShouldBe(Enumerable.Range(0, 30).Where(n => n != 13).Select(n => $"SM{n}"), ignoreOrder: true);
        // Nothing of the refused webhook is kept: not its new contact, not its conversation.
        (await app.QueryAsync(d => d.Contacts.IgnoreQueryFilters().Select(c => c.Phone).ToListAsync()))
            .ShouldBe(phones.Where((_, n) => n != 13), ignoreOrder: true);
        (await app.CountAsync<Conversation>()).ShouldBe(29);
        (await app.CountAsync<ConversationEvent>()).ShouldBe(29);

        // The provider retries it; once the database accepts it, it is stored like any other.
        await AcceptAllMessagesAsync(app);
        (await PostSmsAsync(provider, sms, "SM13", phones[13], "poison")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CountAsync<Message>()).ShouldBe(30);
    }

    [ProviderFact]
    public async Task Concurrent_out_of_order_statuses_leave_each_message_at_its_furthest_status(string db)
    {
        await using var app = await ParleyApp.StartAsync(db);
        var admin = await app.SetUpAsync();
        var (sms, whatsApp) = await CreateChannelsAsync(admin);
        using var provider = app.NewClient();
        (await PostSmsAsync(provider, sms, "SMin", "+15550109000", "Hi")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostWhatsAppAsync(provider, whatsApp, "wamid.in", "+15550109000", "Hi")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var replies = new Dictionary<string, Guid>();
        for (var n = 0; n < 6; n++)
        {
            replies[$"SMout{n}"] = await ReplyAcceptedAsync(app, admin, sms, $"SMout{n}");
            replies[$"wamid.out{n}"] = await ReplyAcceptedAsync(app, admin, whatsApp, $"wamid.out{n}");
        }

        // Every message gets its statuses newest first; messages 0 and 1 fail instead of being read.
        var sends = new List<Func<Task<HttpResponseMessage>>>();
        foreach (var (providerId, _) in replies)
        {
            var fails = providerId.EndsWith('0') || providerId.EndsWith('1');
            string[] statuses = fails ? ["failed", "sent"] : ["read", "delivered", "sent"];
            foreach (var status in statuses)
            {
                sends.Add(providerId.StartsWith("SM", StringComparison.Ordinal)
                    ? () => provider.PostTwilioAsync($"/webhooks/twilio/{sms}/status",
                        new Dictionary<string, string> { ["MessageSid"] = providerId, ["MessageStatus"] = status, ["ErrorCode"] = "30003" }, AuthToken)
                    : () => provider.PostMetaAsync(whatsApp, Notification(
                        $$"""{"statuses":[{"id":"{{providerId}}","status":"{{status}}","timestamp":"1793600100","recipient_id":"15550109000"}]}"""), AppSecret));
            }
        }
        var responses = await Task.WhenAll(sends.Select(send => Task.Run(send)));

        foreach (var response in responses)
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var stored = await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().Where(m => m.Direction == MessageDirection.Out).ToDictionaryAsync(m => m.ExternalMessageId!));
        foreach (var (providerId, _) in replies)
        {
            var fails = providerId.EndsWith('0') || providerId.EndsWith('1');
            stored[providerId].DeliveryStatus.ShouldBe(fails ? DeliveryStatus.Failed : DeliveryStatus.Read, providerId);
        }
        (await app.QueryAsync(d => d.ConversationEvents.IgnoreQueryFilters().CountAsync(e => e.Type == ConversationEventType.DeliveryFailed))).ShouldBe(4);
    }

    private static async Task<(Guid Sms, Guid WhatsApp)> CreateChannelsAsync(Actor admin)
    {
        async Task<Guid> CreateAsync(object body)
        {
            var created = await admin.Client.PostAsJsonAsync("/api/v1/channels", body);
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            return (await created.Content.ReadFromJsonAsync<Json.Channel>())!.Id;
        }
        var sms = await CreateAsync(new
        {
            type = "sms", name = "SMS", phoneNumber = "+15550100000",
            settings = new { accountSid = "AC0123456789abcdef0123456789abcdef", authToken = AuthToken, baseUrl = "http://127.0.0.1:9000" },
        });
        var whatsApp = await CreateAsync(new
        {
            type = "whatsapp", name = "WhatsApp", phoneNumber = "+15550100001",
            settings = new { phoneNumberId = "106540352242922", accessToken = "EAAG", appSecret = AppSecret, verifyToken = "v", baseUrl = "http://127.0.0.1:9000", apiVersion = "v21.0" },
        });
        return (sms, whatsApp);
    }

    private static Task<HttpResponseMessage> PostSmsAsync(HttpClient provider, Guid channelId, string sid, string from, string body) =>
        provider.PostTwilioAsync($"/webhooks/twilio/{channelId}",
            new Dictionary<string, string> { ["MessageSid"] = sid, ["From"] = from, ["To"] = "+15550100000", ["Body"] = body }, AuthToken);

    private static Task<HttpResponseMessage> PostWhatsAppAsync(HttpClient provider, Guid channelId, string id, string from, string text) =>
        provider.PostMetaAsync(channelId, Notification($$$"""
            {"contacts":[{"profile":{"name":"Customer"},"wa_id":"{{{from[1..]}}}"}],
             "messages":[{"from":"{{{from[1..]}}}","id":"{{{id}}}","timestamp":"1793600000","type":"text","text":{"body":"{{{text}}}"}}]}
            """), AppSecret);

    private static string Notification(string value) =>
        """{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",""" + value.Trim()[1..] + "}]}]}";

    /// <summary>An agent's reply in the customer's conversation on the channel, as the outbound worker leaves it once the provider accepted it.</summary>
    private static async Task<Guid> ReplyAcceptedAsync(ParleyApp app, Actor admin, Guid channelId, string providerMessageId)
    {
        var conversationId = await app.QueryAsync(d => d.Conversations.IgnoreQueryFilters().Where(c => c.ChannelId == channelId).Select(c => c.Id).SingleAsync());
        var posted = await (await admin.Client.PostAsJsonAsync($"/api/v1/conversations/{conversationId}/messages", new { text = "On its way" }))
            .Content.ReadFromJsonAsync<Json.Posted>();
        var id = posted!.Message.Id;
        await app.QueryAsync(d => d.Messages.IgnoreQueryFilters().Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ExternalMessageId, providerMessageId)));
        return id;
    }

    // A trigger makes the database itself refuse one message, as it would refuse a row breaking a constraint.
    private static Task RefuseMessagesSayingAsync(ParleyApp app, string text) => ExecuteAsync(app, app.Provider == Db.Postgres
        ? $"""
            CREATE FUNCTION refuse_message() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.text = '{text}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_message BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_message();
            """
        : $"CREATE TRIGGER refuse_message BEFORE INSERT ON messages WHEN NEW.text = '{text}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");

    private static Task AcceptAllMessagesAsync(ParleyApp app) => ExecuteAsync(app, "DROP TRIGGER refuse_message" + (app.Provider == Db.Postgres ? " ON messages" : ""));

    private static async Task ExecuteAsync(ParleyApp app, string sql)
    {
        await using var connection = app.OpenConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The largest group commit of inbound messages seen while it listens (any test's; it only proves batching happened).</summary>
    private sealed class BatchSizes : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _largest;

        public BatchSizes()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "parley.group_commit.batch_size")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
            {
                int seen;
                do
                {
                    seen = _largest;
                }
                while (size > seen && Interlocked.CompareExchange(ref _largest, size, seen) != seen);
            });
            _listener.Start();
        }

        public int Largest => Volatile.Read(ref _largest);

        public void Dispose() => _listener.Dispose();
    }
}
