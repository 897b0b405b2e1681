import { describe, expect, it } from "vitest";
import { fillPlaceholders, formatSize, insertAtCaret, previewParts } from "./text";

describe("composer text helpers", () => {
  it("inserts at the caret, or in place of the selection, and puts the caret after the insertion", () => {
    expect(insertAtCaret("Hello world", 5, 5, " 👋")).toEqual({ text: "Hello 👋 world", caret: 8 });
    expect(insertAtCaret("Hello world", 6, 11, "🌍")).toEqual({ text: "Hello 🌍", caret: 8 });
    expect(insertAtCaret("", 0, 0, "👍")).toEqual({ text: "👍", caret: 2 });
    expect(insertAtCaret("abc", 99, 99, "!")).toEqual({ text: "abc!", caret: 4 });
  });

  it("fills a quick reply's placeholders like the server, keeping unknown ones visible", () => {
    const values = { "contact.name": "Ada", "agent.name": "Grace", "contact.email": null };
    expect(fillPlaceholders("Hi {{contact.name}}, {{ agent.name }} here. {{contact.email}}", values)).toBe("Hi Ada, Grace here. ");
    expect(fillPlaceholders("Order {{order.id}}", values)).toBe("Order {{order.id}}");
  });

  it("cuts a WhatsApp body at its parameters for the preview", () => {
    expect(previewParts("Hi {{1}}, your order {{2}} ships {{1}}.", ["Ada", ""])).toEqual([
      { text: "Hi " },
      { parameter: 1, value: "Ada" },
      { text: ", your order " },
      { parameter: 2, value: "" },
      { text: " ships " },
      { parameter: 1, value: "Ada" },
      { text: "." },
    ]);
  });

  it("writes file sizes as people read them", () => {
    expect(formatSize(512)).toBe("512 B");
    expect(formatSize(2048)).toBe("2 KB");
    expect(formatSize(1.5 * 1024 * 1024)).toBe("1.5 MB");
  });
});
