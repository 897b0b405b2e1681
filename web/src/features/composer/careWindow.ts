import type { Schemas } from "../../api/client";
import { formatFull } from "../../lib/time";

export type ChannelType = Schemas["ChannelType"];

/** WhatsApp's 24-hour customer care window as the server reports it on the conversation (null elsewhere). */
export type CareWindow = Schemas["CareWindowState"];

export type CareWindowState =
  | { kind: "none" }
  | { kind: "open"; text: string; urgent: boolean; closesAt: string | null; exact: string | null }
  | { kind: "closed"; text: string };

const minute = 60_000;
const hour = 60 * minute;

/** "3 h", "1 h 20 min", "45 min", "less than a minute": rounded down, so the window never lasts less than it says. */
export function timeLeft(ms: number): string {
  if (ms < minute) return "less than a minute";
  const hours = Math.floor(ms / hour);
  const minutes = Math.floor((ms % hour) / minute);
  if (hours >= 3) return `${hours} h`;
  if (hours >= 1) return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/**
 * What the banner above the composer says, at `now`: nothing (not WhatsApp), the time left (a
 * warning under an hour), or closed (only an approved template can go out). An open window whose
 * closing time has passed is closed: the page may have been open longer than the window.
 */
export function careWindowState(window: CareWindow | null, now: Date): CareWindowState {
  if (!window) return { kind: "none" };
  const closed: CareWindowState = { kind: "closed", text: "Closed: only an approved template can be sent" };
  if (!window.open) return closed;
  if (!window.closesAt) return { kind: "open", text: "The 24-hour window is open", urgent: false, closesAt: null, exact: null };
  const left = new Date(window.closesAt).getTime() - now.getTime();
  if (left <= 0) return closed;
  return {
    kind: "open",
    text: `The 24-hour window closes in ${timeLeft(left)}`,
    urgent: left < hour,
    closesAt: window.closesAt,
    exact: `Closes ${formatFull(window.closesAt)}`,
  };
}
