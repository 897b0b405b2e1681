import { AlertTriangle, Check, CheckCheck, Clock } from "lucide-react";
import type { Schemas } from "../../api/client";
import { LazyTooltip } from "../../components/ui/Tooltip";
import { formatFull, formatTime } from "../../lib/time";
import { shortDate, weekday } from "./timelineModel";

type Message = Pick<Schemas["MessageResponse"], "deliveryStatus" | "deliveryError" | "queuedReason" | "scheduledFor" | "sentAt" | "deliveredAt" | "readAt" | "failedAt">;

function startOfDay(d: Date) {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** "at 09:00 Mon": when a held reply goes, as near as the reader needs it. */
export function sendsAt(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const days = Math.round((startOfDay(d) - startOfDay(now)) / 86_400_000);
  const day = days === 0 ? "today" : days === 1 ? "tomorrow" : days > 1 && days < 7 ? weekday(d) : shortDate(d, now);
  return `at ${formatTime(iso)} ${day}`;
}

/** What the ticks mean, in words: the accessible name and the hover text. */
export function deliveryText(m: Message, now = new Date()): string | null {
  switch (m.deliveryStatus) {
    case "Queued":
      if (m.queuedReason === "OutsideBusinessHours")
        return m.scheduledFor ? `Waits for business hours: sends ${sendsAt(m.scheduledFor, now)}` : "Waits for business hours";
      if (m.queuedReason === "RetryingAfterError") return m.scheduledFor ? `Sending failed; retrying ${formatFull(m.scheduledFor)}` : "Sending failed; retrying";
      if (m.queuedReason === "NoWebhookConfigured") return "Queued: the channel has no webhook configured to deliver it";
      return "Queued: sending";
    case "Sent":
      return m.sentAt ? `Sent ${formatFull(m.sentAt)}` : "Sent";
    case "Delivered":
      return m.deliveredAt ? `Delivered ${formatFull(m.deliveredAt)}` : "Delivered";
    case "Read":
      return m.readAt ? `Read ${formatFull(m.readAt)}` : "Read";
    case "Failed":
      return `Not delivered: ${m.deliveryError?.trim() || "the provider gave no reason"}`;
    default:
      return null;
  }
}

/** WhatsApp-style ticks: clock queued, one grey sent, two grey delivered, two blue read, red triangle failed. */
export function DeliveryTicks({ message, now }: { message: Message; now?: Date }) {
  const text = deliveryText(message, now);
  if (!text || !message.deliveryStatus) return null;
  const status = message.deliveryStatus;
  const icon =
    status === "Queued" ? <Clock size={16} /> :
    status === "Sent" ? <Check size={16} /> :
    status === "Failed" ? <AlertTriangle size={16} /> :
    <CheckCheck size={16} />;
  return (
    <LazyTooltip content={text}>
      <span className={`ticks ticks-${status.toLowerCase()}`} role="img" aria-label={text} tabIndex={0} data-status={status}>
        {icon}
      </span>
    </LazyTooltip>
  );
}
