using System.Globalization;

namespace Parley.Bench;

/// <summary>
/// The shape of the generated history, decided per row from the row's number alone, so the
/// conversations and their messages (written in two COPYs) agree without keeping rows in memory.
/// Only the ids are kept: version-7 UUIDs carry random bits, so they are drawn once.
/// </summary>
public sealed class Plan
{
    public readonly record struct ConversationRow(
        Guid Id, ConversationState State, Guid? Assignee,
        DateTime CreatedAt, DateTime LastActivityAt, DateTime LastInboundAt, string Preview, int Messages);

    private static readonly TimeSpan MessageGap = Filler.MessageGap;
    private readonly Guid[] _contactIds;
    private readonly Guid[] _conversationIds;
    private readonly DateTime _start;
    private readonly DateTime _end;
    private readonly int _bigEvery;
    private readonly int _messagesPerConversation;
    private readonly Func<int, ConversationState>? _statuses;

    /// <param name="statuses">Each conversation's status by its number, instead of the read bench's
    /// mix by age; made from the plan, so it can look at every conversation's times first.</param>
    public Plan(BenchOptions options, DateTime start, DateTime end, Func<Plan, Func<int, ConversationState>>? statuses = null)
    {
        _start = start;
        _end = end;
        Contacts = options.Contacts;
        Conversations = options.Conversations;
        _messagesPerConversation = options.MessagesPerConversation;
        // ~50 conversations of 200 messages, spread over the year, for "open a long conversation".
        var big = Math.Clamp(Conversations / 1000, 1, 50);
        _bigEvery = Math.Max(1, Conversations / big);

        // Ids increase with time as the server's would (Guid.CreateVersion7 of the row's own time),
        // so the primary keys grow at their right edge during COPY.
        _contactIds = new Guid[Contacts];
        for (var j = 0; j < Contacts; j++)
            _contactIds[j] = Guid.CreateVersion7(new DateTimeOffset(ContactCreatedAt(j)));
        _conversationIds = new Guid[Conversations];
        for (var i = 0; i < Conversations; i++)
            _conversationIds[i] = Guid.CreateVersion7(new DateTimeOffset(ConversationCreatedAt(i)));

        for (var i = 0; i < Conversations; i++)
        {
            TotalMessages += MessageCount(i);
            InboundMessages += (MessageCount(i) + 1) / 2;
        }
        _statuses = statuses?.Invoke(this);
    }

    /// <summary>The newest moment of the history (a day before the fill).</summary>
    public DateTime End => _end;
    public int Contacts { get; }
    public int Conversations { get; }
    public long TotalMessages { get; }
    public long InboundMessages { get; }

    public Guid ContactId(int j) => _contactIds[j];
    public Guid ConversationId(int i) => _conversationIds[i];

    public DateTime ContactCreatedAt(int j) => _start + (_end - _start) * ((double)j / Contacts);
    public DateTime ConversationCreatedAt(int i) => _start + (_end - _start) * ((double)i / Conversations);

    public bool IsBig(int i) => i % _bigEvery == _bigEvery / 2;

    public int MessageCount(int i) => IsBig(i) ? Filler.BigConversationMessages : _messagesPerConversation;

    public DateTime LastActivityAt(int i) => ConversationCreatedAt(i) + (MessageCount(i) - 1) * MessageGap;

    /// <summary>E.164, unique per contact: +1 555 010 0000 onwards (555-01xx is reserved for fiction).</summary>
    public static string Phone(int j) => string.Create(CultureInfo.InvariantCulture, $"+1555{100_000 + j:D7}");

    public static string Text(int conversation, int k, bool inbound, bool note)
    {
        var pick = (int)(Mix((ulong)conversation * 1_000 + (ulong)k) % 1_000);
        if (note)
            return SampleData.NoteTexts[pick % SampleData.NoteTexts.Length];
        return inbound ? SampleData.InboundTexts[pick % SampleData.InboundTexts.Length] : SampleData.OutboundTexts[pick % SampleData.OutboundTexts.Length];
    }

    public ConversationRow Conversation(int i, IReadOnlyList<Guid> users)
    {
        var created = ConversationCreatedAt(i);
        var messages = MessageCount(i);
        var last = LastActivityAt(i);
        // The last inbound is the last even-numbered message (messages alternate in/out from k = 0).
        var lastInboundIndex = (messages - 1) / 2 * 2;
        var lastInbound = created + lastInboundIndex * MessageGap;
        var lastMessageIndex = messages - 1;
        var lastIsNote = lastMessageIndex % 2 == 1 && lastMessageIndex % 7 == 5;
        var previewIndex = lastIsNote ? lastMessageIndex - 1 : lastMessageIndex;
        var preview = Text(i, previewIndex, previewIndex % 2 == 0, note: false);
        if (preview.Length > 140)
            preview = preview[..140];

        var state = _statuses?.Invoke(i) ?? Status(i, _end - created);
        // Round-robin over every user, the admin included: view=mine of the token's user (the
        // admin) then holds 1 in (agents + 1) conversations, as an agent's inbox would.
        return new ConversationRow(_conversationIds[i], state, users[i % users.Count],
            created, last, lastInbound, preview, messages);
    }

    // Young conversations are mostly still being worked on; old ones are mostly resolved or
    // archived by the retention rules. The mix decides how selective each status filter is.
    public static ConversationState Status(int i, TimeSpan age)
    {
        var roll = (int)(Mix((ulong)i) % 100);
        if (age < TimeSpan.FromDays(7))
        {
            return roll switch
            {
                < 50 => new("Open", null, false),
                < 65 => new("Pending", null, false),
                < 70 => new("Sent", null, false),
                < 72 => new("Automated", null, false),
                < 95 => new("Resolved", null, false),
                _ => new("Irrelevant", null, roll % 2 == 0),
            };
        }
        if (age < TimeSpan.FromDays(90))
        {
            return roll switch
            {
                < 12 => new("Open", null, false),
                < 17 => new("Pending", null, false),
                < 75 => new("Resolved", null, false),
                < 78 => new("Irrelevant", null, roll % 2 == 0),
                < 98 => new("Archived", "Resolved", false),
                _ => new("Deleted", "Resolved", false),
            };
        }
        return roll switch
        {
            < 5 => new("Open", null, false),
            < 35 => new("Resolved", null, false),
            < 38 => new("Irrelevant", null, false),
            < 98 => new("Archived", "Resolved", false),
            _ => new("Deleted", "Resolved", false),
        };
    }

    /// <summary>
    /// A message's id: a version-7 UUID of its own time whose random bits come from the message's
    /// number, so message_views (written in a later COPY) can point at the same ids.
    /// </summary>
    public static Guid MessageId(DateTime at, int conversation, int k)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = (ulong)new DateTimeOffset(at).ToUnixTimeMilliseconds();
        for (var b = 0; b < 6; b++)
            bytes[b] = (byte)(milliseconds >> (8 * (5 - b)));
        var random = Mix(((ulong)conversation << 16) | (uint)k);
        var more = Mix(random);
        for (var b = 6; b < 16; b++)
            bytes[b] = (byte)((b < 14 ? random : more) >> (8 * (b % 8)));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F)); // version 7
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    // SplitMix64: a cheap, well-spread hash so each row's choices are random-looking yet repeatable.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}

/// <summary>A conversation's status as the fill writes it; a Deleted one says from what and since when.</summary>
public readonly record struct ConversationState(string Status, string? PreviousStatus, bool IsSpam, string? DeletedFrom = null, DateTime? DeletedAt = null);
