using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Parley.ProviderSimulator.Delivery;

/// <summary>
/// Delivery reports go out one at a time from a single reader, so each message's statuses reach
/// the client in the order the provider would send them (sent, then delivered, then read).
/// </summary>
public sealed class CallbackQueue(
    WebhookSender sender, SimulatorState state, TimeProvider time, IOptions<SimulatorOptions> options, ILogger<CallbackQueue> logger)
    : BackgroundService
{
    private readonly Channel<(int Generation, OutgoingWebhook Webhook)> _queue =
        Channel.CreateUnbounded<(int, OutgoingWebhook)>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(IEnumerable<OutgoingWebhook> webhooks) => Enqueue(webhooks, state.Generation);

    /// <param name="generation">The state's generation when the message was sent: reports of a message
    /// from before a reset are dropped even if they are queued after it.</param>
    public void Enqueue(IEnumerable<OutgoingWebhook> webhooks, int generation)
    {
        foreach (var webhook in webhooks)
            _queue.Writer.TryWrite((generation, webhook));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (generation, webhook) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            // Reports queued before a reset belong to a finished test; delivering them would confuse the next one.
            if (generation != state.Generation)
                continue;
            var delay = options.Value.CallbackDelay;
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, time, stoppingToken);
            try
            {
                await sender.SendAsync(webhook, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One unusable callback must not stop the queue (a failed BackgroundService stops the host).
                logger.LogError(e, "Delivery report {Kind} to {Url} could not be sent", webhook.Kind, webhook.Url);
            }
        }
    }
}
