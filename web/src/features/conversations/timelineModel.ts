// The timeline's shape, kept free of React so the paging and grouping rules can be tested alone.
import { formatTime } from "../../lib/time";

export interface Timed {
  id: string;
  createdAt: string;
}

/** One of the two lists the API pages separately, newest first: what is loaded so far. */
export interface LoadedStream<T extends Timed> {
  items: T[];
  hasMore: boolean;
}

export type StreamName = "messages" | "events";

export type TimelineItem<M extends Timed, E extends Timed> =
  | { kind: "message"; id: string; at: number; message: M }
  | { kind: "event"; id: string; at: number; event: E };

export interface TimelineWindow<M extends Timed, E extends Timed> {
  /** Oldest first: only the stretch of time that both loaded streams cover. */
  items: TimelineItem<M, E>[];
  /** The streams to page further back to show more: those whose oldest loaded item is the window's edge. */
  load: StreamName[];
  /** The window reaches the start of the conversation. */
  complete: boolean;
}

const time = (iso: string) => Date.parse(iso);

/**
 * Merges messages and events, each loaded newest-first in pages of their own. Below the later of
 * the two oldest loaded timestamps one of the streams may still hold unloaded items, so nothing
 * below it is shown: the timeline never shows a gap that fills in later out of order. A stream
 * that has no more pages sets no edge.
 */
export function mergeWindow<M extends Timed, E extends Timed>(messages: LoadedStream<M>, events: LoadedStream<E>): TimelineWindow<M, E> {
  const edgeOf = (s: LoadedStream<Timed>) => {
    if (!s.hasMore) return -Infinity;
    let oldest = Infinity;
    for (const item of s.items) oldest = Math.min(oldest, time(item.createdAt));
    return oldest;
  };
  const edges = { messages: edgeOf(messages), events: edgeOf(events) };
  const edge = Math.max(edges.messages, edges.events);
  const items: TimelineItem<M, E>[] = [];
  for (const m of messages.items) {
    const at = time(m.createdAt);
    if (at >= edge) items.push({ kind: "message", id: m.id, at, message: m });
  }
  for (const e of events.items) {
    const at = time(e.createdAt);
    if (at >= edge) items.push({ kind: "event", id: e.id, at, event: e });
  }
  // The server orders by (created_at, id); at the same instant a message goes before the events it
  // caused ("replied and archived").
  items.sort((a, b) => a.at - b.at || (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === "message" ? -1 : 1));
  const load = edge === -Infinity ? [] : (["messages", "events"] as const).filter((s) => edges[s] === edge);
  return { items, load: [...load], complete: edge === -Infinity };
}

export type TimelineRow<M extends Timed, E extends Timed> =
  | { kind: "day"; key: string; label: string; at: number }
  | (TimelineItem<M, E> & { key: string });

function startOfDay(d: Date) {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

const weekdayFmt = new Intl.DateTimeFormat(undefined, { weekday: "short" });
const monthFmt = new Intl.DateTimeFormat(undefined, { month: "short" });

/** "Mon" */
export const weekday = (d: Date) => weekdayFmt.format(d);

/** "Mon 3 Nov", with the year when it is not this year's. */
export function shortDate(d: Date, now = new Date()): string {
  const base = `${weekdayFmt.format(d)} ${d.getDate()} ${monthFmt.format(d)}`;
  return d.getFullYear() === now.getFullYear() ? base : `${base} ${d.getFullYear()}`;
}

/** A date separator: "Today", "Yesterday", else "Mon 3 Nov". */
export function dayLabel(at: number | string | Date, now = new Date()): string {
  const d = new Date(at);
  const days = Math.round((startOfDay(now) - startOfDay(d)) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return shortDate(d, now);
}

/** The items with a separator before the first item of each local calendar day. */
export function buildRows<M extends Timed, E extends Timed>(items: TimelineItem<M, E>[], now = new Date()): TimelineRow<M, E>[] {
  const rows: TimelineRow<M, E>[] = [];
  let lastDay = NaN;
  for (const item of items) {
    const day = startOfDay(new Date(item.at));
    if (day !== lastDay) {
      rows.push({ kind: "day", key: `day-${day}`, label: dayLabel(item.at, now), at: item.at });
      lastDay = day;
    }
    rows.push({ ...item, key: `${item.kind}-${item.id}` });
  }
  return rows;
}

/** "14:02" on the same day as `reference`, else "Mon 3 Nov 14:02". */
export function timeNear(iso: string, reference: string | Date = new Date(), now = new Date()): string {
  const d = new Date(iso);
  return startOfDay(d) === startOfDay(new Date(reference)) ? formatTime(iso) : `${shortDate(d, now)} ${formatTime(iso)}`;
}

/** "2.4 MB": file sizes for attachment chips. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
