/** What the app needs of an EventSource (a test passes a fake). */
export interface StreamSource {
  onopen: ((ev: Event) => void) | null;
  onerror: ((ev: Event) => void) | null;
  addEventListener(type: string, listener: (ev: MessageEvent<string>) => void): void;
  close(): void;
}

export type LiveState = "connecting" | "open" | "reconnecting";

export interface LiveConnectionOptions {
  url: string;
  types: readonly string[];
  onEvent: (type: string, data: string) => void;
  /** The stream is back after a drop: events in between are lost, so reload what is shown. */
  onReconnected: () => void;
  onStateChange?: (state: LiveState, retryInMs?: number) => void;
  create?: (url: string) => StreamSource;
  random?: () => number;
}

const BASE_MS = 1_000;
const MAX_MS = 30_000;

/**
 * The wait before reconnect attempt `attempt` (0-based): 1 s, 2 s, 4 s … capped at 30 s, spread
 * ±20% so that a restarted server is not hit by every open tab in the same second.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Keeps one stream open. The browser's own EventSource retry gives up for good on an HTTP error
 * (a proxy's 502, a server restart) and never says when it is back, so every error closes the
 * source and this reconnects itself with backoff; coming back online retries at once.
 */
export function connectLive(options: LiveConnectionOptions): { close: () => void } {
  const create = options.create ?? ((url: string) => new EventSource(url, { withCredentials: true }) as unknown as StreamSource);
  let source: StreamSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let everOpen = false;
  let closed = false;

  const open = () => {
    timer = null;
    if (closed) return;
    options.onStateChange?.(everOpen ? "reconnecting" : "connecting");
    const s = create(options.url);
    source = s;
    s.onopen = () => {
      if (source !== s) return;
      const wasDropped = everOpen || attempt > 0;
      attempt = 0;
      everOpen = true;
      options.onStateChange?.("open");
      if (wasDropped) options.onReconnected();
    };
    s.onerror = () => {
      if (source !== s) return;
      s.close();
      source = null;
      const wait = backoffDelay(attempt++, options.random);
      options.onStateChange?.("reconnecting", wait);
      timer = setTimeout(open, wait);
    };
    options.types.forEach((type) => s.addEventListener(type, (e) => source === s && options.onEvent(type, e.data)));
  };

  const online = () => {
    if (timer === null || closed) return;
    clearTimeout(timer);
    open();
  };
  if (typeof window !== "undefined") window.addEventListener("online", online);
  open();

  return {
    close: () => {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      source?.close();
      source = null;
      if (typeof window !== "undefined") window.removeEventListener("online", online);
    },
  };
}
