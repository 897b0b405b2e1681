import { describe, expect, it } from "vitest";
import { shouldNotify } from "./notifications";

const inbound = (assigneeId: string | null) => ({ conversationId: "c1", assigneeId, data: { direction: "In", kind: "Message" } });

describe("desktop notifications", () => {
  it("come for a customer's message in a conversation of mine or nobody's, only while the tab is hidden and they are on", () => {
    expect(shouldNotify(inbound("me"), "me", true, true)).toBe(true);
    expect(shouldNotify(inbound(null), "me", true, true)).toBe(true);
    expect(shouldNotify(inbound("someone-else"), "me", true, true)).toBe(false);
    expect(shouldNotify(inbound("me"), "me", false, true)).toBe(false);
    expect(shouldNotify(inbound("me"), "me", true, false)).toBe(false);
    expect(shouldNotify({ ...inbound("me"), data: { direction: "Out", kind: "Message" } }, "me", true, true)).toBe(false);
    expect(shouldNotify({ ...inbound("me"), data: { direction: "In", kind: "Note" } }, "me", true, true)).toBe(false);
  });
});
