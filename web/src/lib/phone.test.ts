import { describe, expect, it } from "vitest";
import { formatPhone, hasNoLetters } from "./phone";

describe("formatPhone", () => {
  it("groups common country codes the way people read them", () => {
    expect(formatPhone("+447700900123")).toBe("+44 7700 900123");
    expect(formatPhone("+15550102000")).toBe("+1 555-010-2000");
    expect(formatPhone("+33612345678")).toBe("+33 6 12 34 56 78");
    expect(formatPhone("+4915112345678")).toBe("+49 151 1234 5678");
  });

  it("groups other numbers in threes and fours", () => {
    expect(formatPhone("+61412345678")).toBe("+61 412 3456 78");
  });

  it("leaves anything that is not E.164 as it was", () => {
    expect(formatPhone("0800 123 456")).toBe("0800 123 456");
    expect(formatPhone("bot-user-7")).toBe("bot-user-7");
    expect(formatPhone(null)).toBe("");
  });
});

describe("hasNoLetters", () => {
  it("is true for numbers and empty labels, false for names in any script", () => {
    expect(hasNoLetters("+447700900123")).toBe(true);
    expect(hasNoLetters("")).toBe(true);
    expect(hasNoLetters("Ada")).toBe(false);
    expect(hasNoLetters("Żaneta")).toBe(false);
    expect(hasNoLetters("李")).toBe(false);
  });
});
