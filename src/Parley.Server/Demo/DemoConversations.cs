using Parley.Audit;
using Parley.Channels;
using Parley.Contacts;
using Parley.Conversations;
using Parley.Platform;
using Parley.Platform.Persistence;

namespace Parley.Demo;

/// <summary>
/// A few hundred demo conversations over the last two months, in every status, built through the
/// Conversation entity's own methods so each carries the events its history would have written.
/// Seeded randomness: every demo database looks the same.
/// </summary>
internal static class DemoConversations
{
    private const int ContactCount = 200;
    private const int ConversationCount = 320;
    // Conversations saved per SaveChanges: a few thousand rows a batch keeps memory flat.
    private const int BatchSize = 40;

    private static readonly string[] FirstNames = ["Ava", "Ben", "Chloé", "Diego", "Emma", "Farah", "George", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vera", "Wei", "Yusuf"];
    private static readonly string[] LastNames = ["Adams", "Becker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Kim", "Lopez", "Martin", "Nowak", "Olsen", "Patel", "Rossi", "Silva", "Tanaka", "Weber"];
    private static readonly string[] Openers =
    [
        "Hi, my order hasn't arrived yet. Can you check?", "How do I reset my password?", "Do you ship to Canada?",
        "I was charged twice this month.", "Is the blue model back in stock?", "Can I change my delivery address?",
        "The app crashes when I open settings.", "What are your opening hours on Sunday?", "I'd like a refund for order 4471.",
        "Can someone call me back about the quote?",
    ];
    private static readonly string[] Replies =
    [
        "Thanks for reaching out! Let me look into that for you.", "I've checked your account; it's sorted now.",
        "Could you send me your order number?", "We ship to Canada within 5–7 business days.", "I've issued the refund; it takes 3–5 days to appear.",
    ];
    /// <summary>The oldest conversation's age, in days (the demo's contacts are this old).</summary>
    public const int OldestDays = 200;
    /// <summary>
    /// Deleted demo conversations were deleted within this many days, well inside the default
    /// deletion buffer (30 days): each shows a purge date in the future, as a conversation deleted
    /// by hand last week would.
    /// </summary>
    public const int DeletedWithinDays = 20;
    /// <summary>The demo's contacts' numbers: +1 555 020 0000 and up, apart from every demo channel's own number.</summary>
    public const string PhonePrefix = "+1555020";

    private static readonly string[] Tags = ["billing", "shipping", "vip", "refund", "bug", "sales"];

    public static async Task AddAsync(ParleyDbContext db, TimeProvider clock, IReadOnlyList<ChannelResponse> channels,
        IReadOnlyDictionary<Guid, List<Guid>> agentsByTeam, Guid adminId, CancellationToken cancellationToken)
    {
        var random = new Random(20261122);
        var now = clock.GetUtcNow().UtcDateTime;
        var contacts = new List<Contact>();
        for (var i = 0; i < ContactCount; i++)
        {
            // (first, last) pairs stay unique for the first 480 contacts.
            var name = $"{FirstNames[i % FirstNames.Length]} {LastNames[(i / FirstNames.Length + i % FirstNames.Length) % LastNames.Length]}";
            var contact = new Contact(Ids.New(clock), name, $"{PhonePrefix}{i:D4}", null, null, now.AddDays(-OldestDays));
            contacts.Add(contact);
            db.Contacts.Add(contact);
        }
        await db.SaveChangesAsync(cancellationToken);

        var statuses = Enum.GetValues<ConversationStatus>();
        var used = new HashSet<(Guid Contact, Guid Channel)>();
        for (var i = 0; i < ConversationCount; i++)
        {
            var channel = channels[i % channels.Count];
            var contact = contacts[random.Next(contacts.Count)];
            // One live conversation per contact and channel, as the inbound rule keeps it.
            if (!used.Add((contact.Id, channel.Id)))
                contact = contacts.First(c => used.Add((c.Id, channel.Id)));
            var target = statuses[i % statuses.Length];
            var agents = agentsByTeam[channel.TeamId!.Value];
            var history = History.Plan(target, random);
            // Every age from minutes to half a year, most of them recent: a Maintenance dry run finds
            // something under each archive rule of the demo's policy, and the inbox still looks lived in.
            // A history ends a minute before now at the latest: nothing in the demo happens in the future.
            var ended = target == ConversationStatus.Deleted
                ? now.AddMinutes(-random.Next(1, DeletedWithinDays * 24 * 60))
                : now.AddMinutes(-10 - Math.Pow(random.NextDouble(), 2) * (OldestDays - 10) * 24 * 60 + history.Length.TotalMinutes);
            var latest = now.AddMinutes(-1);
            if (ended > latest)
                ended = latest;
            Build(db, clock, contact, channel, target, agents[random.Next(agents.Count)], adminId, history, ended - history.Length, random);
            if (i % BatchSize == BatchSize - 1)
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// When each step of a conversation's history happens, as offsets from its first message, drawn
    /// before the history is placed so the whole of it can be put before now.
    /// </summary>
    private sealed record History(ConversationStatus Target, bool Assigned, bool Tagged, bool Replied, TimeSpan Handled, TimeSpan Reply, TimeSpan Closed)
    {
        /// <summary>The offset of the history's last step: the conversation's last activity.</summary>
        public TimeSpan Length => Target switch
        {
            ConversationStatus.Sent or ConversationStatus.Automated => TimeSpan.Zero,
            _ when !Replied => Handled,
            ConversationStatus.Open => Reply,
            ConversationStatus.Archived => Closed + ArchivedAfter,
            ConversationStatus.Deleted => Closed + DeletedAfter,
            _ => Closed,
        };

        public static readonly TimeSpan ArchivedAfter = TimeSpan.FromDays(1);
        public static readonly TimeSpan DeletedAfter = TimeSpan.FromDays(2);

        public static History Plan(ConversationStatus target, Random random)
        {
            if (target is ConversationStatus.Sent or ConversationStatus.Automated)
                return new History(target, false, false, false, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
            // Most conversations get an owner; a few stay in the team inbox, unassigned and new.
            var assigned = random.Next(5) > 0;
            var tagged = random.Next(3) == 0;
            var replied = !(target == ConversationStatus.Open && random.Next(2) == 0);
            var handled = TimeSpan.FromMinutes(random.Next(2, 90));
            var reply = handled + TimeSpan.FromMinutes(random.Next(1, 120));
            return new History(target, assigned, tagged, replied, handled, reply, reply + TimeSpan.FromMinutes(random.Next(1, 600)));
        }
    }

    private static void Build(ParleyDbContext db, TimeProvider clock, Contact contact, ChannelResponse channel, ConversationStatus target, Guid agentId, Guid adminId,
        History history, DateTime at, Random random)
    {
        var agent = EventActor.User(agentId);
        var admin = EventActor.User(adminId);
        var opener = Openers[random.Next(Openers.Length)];
        Conversation conversation;
        if (target == ConversationStatus.Sent)
        {
            conversation = Conversation.StartedByBusiness(Ids.New(clock), contact.Id, channel.Id, channel.TeamId, "Your quote is ready", agentId, agent, at);
            const string text = "Hello! Your quote is ready — reply here with any questions.";
            conversation.Reply(text, agent, at);
            db.Messages.Add(Message.Reply(Ids.New(clock), conversation, agent, text, at));
            db.Conversations.Add(conversation);
            return;
        }

        conversation = Conversation.OpenedByCustomer(Ids.New(clock), contact.Id, channel.Id, channel.TeamId, target == ConversationStatus.Automated, EventActor.Contact, at);
        conversation.ReceiveInbound(opener, at);
        db.Messages.Add(Message.Inbound(Ids.New(clock), conversation, opener, $"demo-{conversation.Id:N}", at));
        db.Conversations.Add(conversation);
        if (target == ConversationStatus.Automated)
            return;

        var t = at + history.Handled;
        if (history.Assigned)
            conversation.AssignTo(agentId, admin, t);
        if (history.Tagged)
            conversation.AddTag(Tags[random.Next(Tags.Length)], agent, t);
        if (!history.Replied)
            return;

        t = at + history.Reply;
        var reply = Replies[random.Next(Replies.Length)];
        conversation.Reply(reply, agent, t);
        db.Messages.Add(Message.Reply(Ids.New(clock), conversation, agent, reply, t));

        t = at + history.Closed;
        switch (target)
        {
            case ConversationStatus.Pending: conversation.Hold(agent, t); break;
            case ConversationStatus.Resolved: conversation.Resolve(agent, t); break;
            case ConversationStatus.Irrelevant:
                if (random.Next(2) == 0)
                    conversation.MarkSpam(agent, t);
                else
                    conversation.MarkIrrelevant(agent, t);
                break;
            case ConversationStatus.Archived:
                conversation.Resolve(agent, t);
                conversation.Archive(agent, t + History.ArchivedAfter);
                break;
            case ConversationStatus.Deleted:
                conversation.Resolve(agent, t);
                conversation.Delete(admin, t + History.DeletedAfter);
                break;
        }
    }
}
