namespace Parley.ProviderSimulator.Delivery;

/// <summary>Settings under <c>Simulator:</c> (appsettings, environment or command line).</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>
    /// Pause before each status callback. Zero (the default) sends them as soon as the send has
    /// been answered, still one at a time and in order.
    /// </summary>
    public TimeSpan CallbackDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Whether SMS sends also report <c>read</c> after <c>delivered</c>; real SMS rarely does.</summary>
    public bool TwilioReadReceipts { get; set; }

    /// <summary>Whether WhatsApp sends report <c>read</c> after <c>delivered</c>, as a phone that opened the chat would.</summary>
    public bool WhatsAppReadReceipts { get; set; } = true;
}
