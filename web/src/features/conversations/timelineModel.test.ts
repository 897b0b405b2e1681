import { describe, expect, it } from "vitest";
import { buildRows, dayLabel, fileSize, mergeWindow, timeNear, type Timed } from "./timelineModel";
import { formatTime } from "../../lib/time";

// Local times, so day boundaries are the reader's own.
const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, day, hour, minute).toISOString(); // November 2026
const item = (id: string, iso: string): Timed => ({ id, createdAt: iso });

describe("the timeline window over two separately paged streams", () => {
  it("shows only what both loaded pages cover, and pages the stream that bounds it", () => {
    // Newest pages: messages reach back to 10:00, events only to 11:00 (and both have more).
    const messages = { items: [item("m3", at(3, 12)), item("m2", at(3, 11)), item("m1", at(3, 10))], hasMore: true };
    const events = { items: [item("e2", at(3, 11, 30)), item("e1", at(3, 11))], hasMore: true };
    const w = mergeWindow(messages, events);
    // m1 at 10:00 is hidden: older events between 10:00 and 11:00 may still be unloaded.
    expect(w.items.map((i) => i.id)).toEqual(["m2", "e1", "e2", "m3"]);
    expect(w.load).toEqual(["events"]);
    expect(w.complete).toBe(false);
  });

  it("puts a message before the event it caused at the same instant", () => {
    const w = mergeWindow({ items: [item("m", at(3, 9))], hasMore: false }, { items: [item("e", at(3, 9))], hasMore: false });
    expect(w.items.map((i) => `${i.kind}:${i.id}`)).toEqual(["message:m", "event:e"]);
  });

  it("orders by time, not by how the timestamps are written", () => {
    const w = mergeWindow(
      { items: [item("late", "2026-11-03T10:00:00.5Z"), item("early", "2026-11-03T10:00:00Z")], hasMore: false },
      { items: [], hasMore: false },
    );
    expect(w.items.map((i) => i.id)).toEqual(["early", "late"]);
  });

  it("lets a fully loaded stream set no edge", () => {
    const messages = { items: [item("m2", at(3, 12)), item("m1", at(1, 8))], hasMore: false };
    const events = { items: [item("e1", at(3, 9))], hasMore: true };
    const w = mergeWindow(messages, events);
    expect(w.items.map((i) => i.id)).toEqual(["e1", "m2"]);
    expect(w.load).toEqual(["events"]);
  });

  it("pages both streams when their oldest items are equally old", () => {
    const w = mergeWindow({ items: [item("m", at(3, 9))], hasMore: true }, { items: [item("e", at(3, 9))], hasMore: true });
    expect(w.load).toEqual(["messages", "events"]);
    expect(w.items).toHaveLength(2);
  });

  it("is complete when neither stream has more", () => {
    const w = mergeWindow({ items: [item("m", at(3, 9))], hasMore: false }, { items: [], hasMore: false });
    expect(w).toMatchObject({ complete: true, load: [] });
    expect(w.items.map((i) => i.id)).toEqual(["m"]);
  });

  it("shows all of a stream once the other is loaded back past it", () => {
    const messages = { items: [item("m2", at(3, 12)), item("m1", at(3, 10))], hasMore: true };
    const events = { items: [item("e2", at(3, 11)), item("e1", at(2, 9))], hasMore: true };
    expect(mergeWindow(messages, events).items.map((i) => i.id)).toEqual(["m1", "e2", "m2"]);
    expect(mergeWindow(messages, events).load).toEqual(["messages"]);
  });
});

describe("date separators", () => {
  const now = new Date(2026, 10, 5, 15, 0); // Thursday 5 November 2026

  it("names today, yesterday, and other days as 'Mon 2 Nov'", () => {
    expect(dayLabel(at(5, 8), now)).toBe("Today");
    expect(dayLabel(at(4, 23, 59), now)).toBe("Yesterday");
    expect(dayLabel(at(2, 9), now)).toBe("Mon 2 Nov");
    expect(dayLabel(new Date(2025, 11, 31, 9).toISOString(), now)).toBe("Wed 31 Dec 2025");
  });

  it("puts one separator before the first item of each local day", () => {
    const w = mergeWindow(
      { items: [item("a", at(2, 9)), item("b", at(2, 17)), item("c", at(4, 8)), item("d", at(5, 0, 1))], hasMore: false },
      { items: [item("e", at(4, 23, 59))], hasMore: false },
    );
    const rows = buildRows(w.items, now);
    expect(rows.map((r) => (r.kind === "day" ? `[${r.label}]` : r.id))).toEqual(["[Mon 2 Nov]", "a", "b", "[Yesterday]", "c", "e", "[Today]", "d"]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it("gives no separator to an empty timeline", () => {
    expect(buildRows([], now)).toEqual([]);
  });
});

describe("small formats", () => {
  it("shows a time alone on the same day, with its day otherwise", () => {
    expect(timeNear(at(5, 14, 2), at(5, 9))).toBe(formatTime(at(5, 14, 2)));
    expect(timeNear(at(6, 8), at(5, 9), new Date(2026, 10, 6))).toBe(`Fri 6 Nov ${formatTime(at(6, 8))}`);
  });

  it("gives file sizes in the unit that reads best", () => {
    expect(fileSize(512)).toBe("512 B");
    expect(fileSize(2048)).toBe("2.0 KB");
    expect(fileSize(2.4 * 1024 * 1024)).toBe("2.4 MB");
    expect(fileSize(300 * 1024)).toBe("300 KB");
  });
});
