import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, connectLive, type StreamSource } from "./reconnect";

class FakeSource implements StreamSource {
  static all: FakeSource[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  closed = false;
  listeners = new Map<string, (ev: MessageEvent<string>) => void>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, listener: (ev: MessageEvent<string>) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.(new Event("open"));
  }
  fail() {
    this.onerror?.(new Event("error"));
  }
  emit(type: string, data: string) {
    this.listeners.get(type)?.(new MessageEvent(type, { data }));
  }
}

const latest = () => FakeSource.all[FakeSource.all.length - 1];

describe("live stream reconnect", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSource.all = [];
  });
  afterEach(() => vi.useRealTimers());

  it("waits 1 s, 2 s, 4 s … (capped at 30 s) between attempts", () => {
    const mid = () => 0.5; // no spread
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffDelay(0, () => 0)).toBe(800);
    expect(backoffDelay(0, () => 1)).toBe(1200);
  });

  it("reconnects with backoff after a drop, then catches up once", () => {
    const onReconnected = vi.fn();
    const states: string[] = [];
    const connection = connectLive({ url: "/api/v1/stream", types: ["message.created"], onEvent: () => undefined, onReconnected, onStateChange: (s) => states.push(s), create: (u) => new FakeSource(u), random: () => 0.5 });
    latest().open();
    expect(onReconnected).not.toHaveBeenCalled();

    latest().fail();
    expect(FakeSource.all[0].closed).toBe(true);
    vi.advanceTimersByTime(999);
    expect(FakeSource.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSource.all).toHaveLength(2);

    // The server is still down: the next wait doubles.
    latest().fail();
    vi.advanceTimersByTime(1999);
    expect(FakeSource.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSource.all).toHaveLength(3);

    latest().open();
    expect(onReconnected).toHaveBeenCalledTimes(1);
    expect(states).toEqual(["connecting", "open", "reconnecting", "reconnecting", "reconnecting", "reconnecting", "open"]);

    // A success resets the backoff.
    latest().fail();
    vi.advanceTimersByTime(1000);
    expect(FakeSource.all).toHaveLength(4);
    connection.close();
    expect(latest().closed).toBe(true);
  });

  it("passes events on from the current source only, and stops for good once closed", () => {
    const onEvent = vi.fn();
    const connection = connectLive({ url: "/s", types: ["read.changed"], onEvent, onReconnected: () => undefined, create: (u) => new FakeSource(u), random: () => 0.5 });
    const first = latest();
    first.open();
    first.emit("read.changed", "{}");
    expect(onEvent).toHaveBeenCalledWith("read.changed", "{}");
    first.fail();
    first.emit("read.changed", "late");
    expect(onEvent).toHaveBeenCalledTimes(1);
    connection.close();
    vi.advanceTimersByTime(60_000);
    expect(FakeSource.all).toHaveLength(1);
  });

  it("retries at once when the browser comes back online", () => {
    const connection = connectLive({ url: "/s", types: [], onEvent: () => undefined, onReconnected: () => undefined, create: (u) => new FakeSource(u), random: () => 0.5 });
    latest().open();
    latest().fail();
    expect(FakeSource.all).toHaveLength(1);
    window.dispatchEvent(new Event("online"));
    expect(FakeSource.all).toHaveLength(2);
    connection.close();
  });
});
