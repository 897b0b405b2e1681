namespace Parley.Bench;

/// <summary>
/// Fixed name lists, so contact-name prefixes are as clustered as real ones ("mar" matches Maria,
/// Mark, Marcus, ...) and every run searches the same data.
/// </summary>
public static class SampleData
{
    public static readonly string[] FirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
        "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
        "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie",
        "Maria", "Marcus", "Martin", "Marta", "Jose", "Juan", "Carlos", "Luis", "Ana", "Sofia",
        "Mohammed", "Fatima", "Ahmed", "Aisha", "Wei", "Li", "Chen", "Yuki", "Hiroshi", "Priya",
        "Rahul", "Anil", "Olga", "Ivan", "Dmitri", "Elena", "Lucas", "Emma", "Noah", "Olivia",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
        "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
        "Khan", "Patel", "Singh", "Kim", "Park", "Wang", "Zhang", "Ivanov", "Novak", "Kowalski",
    ];

    public static readonly string[] InboundTexts =
    [
        "Hi, I ordered a blue jacket last week (order #A-10293) and it still has not shipped. Can you check the status please?",
        "Hello, my package says delivered but I can't find it anywhere.",
        "Can I change the delivery address on my order? I'm moving on Friday.",
        "The app keeps logging me out every time I switch to another screen, is this a known issue?",
        "Do you have this in a size medium? The page says out of stock but the store had it yesterday.",
        "I was charged twice for the same subscription this month, please refund one of the payments.",
        "Thanks, that worked!",
        "What are your opening hours on public holidays?",
        "Is there a way to export all my invoices for last year as a single PDF file for my accountant?",
        "I'd like to cancel my order, it was placed by mistake.",
        "ok",
        "Could someone call me back about the warranty on my washing machine? The drum makes a loud noise when spinning and the technician never came.",
    ];

    public static readonly string[] OutboundTexts =
    [
        "Thanks for reaching out! Let me look into that for you right away.",
        "I've checked your order: it left our warehouse this morning and should arrive within 2 business days.",
        "Sorry about that. I've issued a refund; you'll see it on your statement in 3-5 business days.",
        "Could you send me your order number so I can find it?",
        "Done! The address is updated. Anything else I can help with?",
        "We're open 9:00-17:00 on public holidays.",
        "I've escalated this to our technical team and will get back to you by tomorrow.",
        "You're welcome, have a great day!",
    ];

    public static readonly string[] NoteTexts =
    [
        "Customer is a VIP, handle with care.",
        "Checked with the warehouse: parcel was mis-sorted, re-sent today.",
        "Refund approved by finance (ticket FIN-2231).",
    ];
}
