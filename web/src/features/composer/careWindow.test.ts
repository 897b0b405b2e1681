import { describe, expect, it } from "vitest";
import { careWindowState, timeLeft } from "./careWindow";

const now = new Date("2026-03-03T10:00:00Z");
const inMs = (ms: number) => new Date(now.getTime() + ms).toISOString();
const min = 60_000;

describe("the care window banner's logic", () => {
  it("says nothing when the conversation has no care window (not WhatsApp)", () => {
    expect(careWindowState(null, now)).toEqual({ kind: "none" });
  });

  it("says how long the open window has left, rounded down", () => {
    const state = careWindowState({ open: true, closesAt: inMs(3 * 60 * min + 40 * min) }, now);
    expect(state).toMatchObject({ kind: "open", text: "The 24-hour window closes in 3 h", urgent: false });
  });

  it("warns in the last hour", () => {
    expect(careWindowState({ open: true, closesAt: inMs(59 * min + 30_000) }, now)).toMatchObject({ text: "The 24-hour window closes in 59 min", urgent: true });
    expect(careWindowState({ open: true, closesAt: inMs(60 * min) }, now)).toMatchObject({ text: "The 24-hour window closes in 1 h", urgent: false });
  });

  it("gives the exact closing time for the tooltip", () => {
    const state = careWindowState({ open: true, closesAt: inMs(5 * 60 * min) }, now);
    expect(state.kind === "open" && state.exact).toMatch(/^Closes /);
  });

  it("is closed when the server says so, or when the closing time has passed", () => {
    const closed = { kind: "closed", text: "Closed: only an approved template can be sent" };
    expect(careWindowState({ open: false, closesAt: null }, now)).toEqual(closed);
    expect(careWindowState({ open: false, closesAt: inMs(-5 * min) }, now)).toEqual(closed);
    expect(careWindowState({ open: true, closesAt: inMs(-1) }, now)).toEqual(closed);
    expect(careWindowState({ open: true, closesAt: inMs(0) }, now)).toEqual(closed);
  });

  it("writes the time left in hours, hours and minutes, minutes, or less than a minute", () => {
    expect(timeLeft(23 * 60 * min + 59 * min)).toBe("23 h");
    expect(timeLeft(2 * 60 * min + 5 * min)).toBe("2 h 5 min");
    expect(timeLeft(60 * min)).toBe("1 h");
    expect(timeLeft(12 * min + 59_000)).toBe("12 min");
    expect(timeLeft(59_000)).toBe("less than a minute");
  });
});
