using System.Globalization;
using System.Text.Json.Nodes;
using Parley.ProviderSimulator.Delivery;

namespace Parley.ProviderSimulator.WhatsApp;

/// <summary>
/// The JSON Meta posts to a WhatsApp Business Account's webhook: one entry, one change with field
/// <c>messages</c>, carrying either customer messages or statuses of messages the business sent.
/// </summary>
public static class WhatsAppWebhooks
{
    public static OutgoingWebhook Inbound(WhatsAppRegistration registration, string from, string name, JsonObject message)
    {
        var value = Value(registration);
        value["contacts"] = new JsonArray(new JsonObject
        {
            ["profile"] = new JsonObject { ["name"] = name },
            ["wa_id"] = from,
        });
        value["messages"] = new JsonArray(message);
        return Signed("inbound", registration, value, message["id"]?.GetValue<string>(), "received");
    }

    /// <param name="details">The error's <c>error_data.details</c>; the failure's message when null.</param>
    public static OutgoingWebhook Status(
        WhatsAppRegistration registration, SentMessage message, string status, DateTimeOffset time, FailurePlan? failure,
        string? details = null)
    {
        var report = new JsonObject
        {
            ["id"] = message.Id,
            ["status"] = status,
            ["timestamp"] = Timestamp(time),
            ["recipient_id"] = WaId(message.To),
        };
        if (status == "failed" && failure is not null)
        {
            report["errors"] = new JsonArray(new JsonObject
            {
                ["code"] = failure.Code,
                ["title"] = failure.Message,
                ["message"] = failure.Message,
                ["error_data"] = new JsonObject { ["details"] = details ?? failure.Message },
            });
        }
        var value = Value(registration);
        value["statuses"] = new JsonArray(report);
        return Signed("status", registration, value, message.Id, status);
    }

    /// <summary>Meta's timestamps are Unix seconds, sent as strings.</summary>
    public static string Timestamp(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A WhatsApp id is the phone number's digits, without '+' or spacing.</summary>
    public static string WaId(string phoneNumber) => new([.. phoneNumber.Where(char.IsAsciiDigit)]);

    private static JsonObject Value(WhatsAppRegistration registration) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["metadata"] = new JsonObject
        {
            ["display_phone_number"] = registration.DisplayPhoneNumber,
            ["phone_number_id"] = registration.PhoneNumberId,
        },
    };

    private static OutgoingWebhook Signed(string kind, WhatsAppRegistration registration, JsonObject value, string? messageId, string status)
    {
        var payload = new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = registration.BusinessAccountId,
                ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
            }),
        };
        var body = System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString());
        return new OutgoingWebhook(
            SimulatorState.WhatsApp, kind, registration.WebhookUrl, body, "application/json",
            MetaSignature.Header, MetaSignature.Compute(body, registration.AppSecret), messageId, status);
    }
}
