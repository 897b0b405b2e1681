using Parley.Broadcasts;
using Parley.Channels;
using Parley.Contacts;
using Parley.Conversations;
using Parley.Identity;
using Parley.Organizations;
using Parley.Teams;

namespace Parley.Platform.OpenApi;

/// <summary>
/// Examples of the main request bodies, shown with each operation that reads that type. They are real
/// requests: ContractTests sends every one of them and fails if the server answers 400. Written as JSON,
/// not as records, so an added optional field leaves them compiling and valid.
/// </summary>
internal static class RequestExamples
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(FoundOrganization.Request)] = """
            { "organizationName": "Acme Support", "name": "Ada Admin", "email": "ada@acme.example", "password": "correct horse battery" }
            """,
        [typeof(Login.Request)] = """
            { "email": "ada@acme.example", "password": "correct horse battery" }
            """,
        [typeof(CreateUser.Request)] = """
            { "name": "Agnes Agent", "email": "agnes@acme.example", "password": "a long passphrase", "role": "Agent" }
            """,
        [typeof(CreateTeam.Request)] = """
            { "name": "Billing" }
            """,
        [typeof(CreateChannel.Request)] = """
            { "type": "Api", "name": "Website chat bot" }
            """,
        [typeof(CreateContact.Request)] = """
            { "name": "Carla Customer", "phone": "+4915112345678", "email": "carla@example.com" }
            """,
        [typeof(StartConversation.Request)] = """
            { "contactId": "0199a0c4-5b7e-7c1d-9a3e-2f4b6c8d0e1f", "channelId": "0199a0c4-5b7e-7c1d-9a3e-2f4b6c8d0e20", "subject": "Your order", "text": "Hello Carla, your order has shipped." }
            """,
        [typeof(PostMessage.Request)] = """
            { "text": "Thanks, we are on it.", "kind": "reply", "then": "resolve" }
            """,
        [typeof(AssignConversation.Request)] = """
            { "userId": "0199a0c4-5b7e-7c1d-9a3e-2f4b6c8d0e21" }
            """,
        [typeof(BulkConversations.Request)] = """
            { "ids": ["0199a0c4-5b7e-7c1d-9a3e-2f4b6c8d0e22", "0199a0c4-5b7e-7c1d-9a3e-2f4b6c8d0e23"], "action": "archive" }
            """,
        [typeof(SendBroadcast.Request)] = """
            { "channelId": "0199a0c4-5b7e-7c1d-9a3e-2f4b6c8d0e20", "templateId": "0199a0c4-5b7e-7c1d-9a3e-2f4b6c8d0e24", "contactIds": ["0199a0c4-5b7e-7c1d-9a3e-2f4b6c8d0e1f"], "parameters": ["Carla"] }
            """,
    };

    public static string? For(Type requestType) => Examples.GetValueOrDefault(requestType);
}
