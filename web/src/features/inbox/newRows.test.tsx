import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mergeShown, useStableList } from "./newRows";

const rows = (...ids: string[]) => ids.map((id) => ({ id }));

describe("\"N new — show\"", () => {
  it("at the top, new rows just appear in the server's order", () => {
    expect(mergeShown(["b", "c"], ["a", "b", "c"], true)).toEqual({ ids: ["a", "b", "c"], held: [] });
  });

  it("scrolled down, rows that would land above are held and nothing on screen moves", () => {
    // "c" had a new message and moved to the top; "x" and "y" are new conversations.
    expect(mergeShown(["a", "b", "c", "d"], ["x", "c", "y", "a", "b", "d"], false)).toEqual({ ids: ["a", "b", "c", "d"], held: ["x", "y"] });
  });

  it("scrolled down, a next page still appends below and rows gone from the server leave", () => {
    expect(mergeShown(["a", "b", "c"], ["a", "c", "d", "e"], false)).toEqual({ ids: ["a", "c", "d", "e"], held: [] });
  });

  it("starts over when nothing shown is left", () => {
    expect(mergeShown(["a"], ["x", "y"], false)).toEqual({ ids: ["x", "y"], held: [] });
  });

  it("holds new rows while scrolled, shows them on request, and follows the server once at the top", () => {
    let fresh = rows("a", "b", "c");
    const { result, rerender } = renderHook(({ list, atTop }) => useStableList(list, atTop, "mine"), { initialProps: { list: fresh, atTop: false } });
    expect(result.current.items.map((r) => r.id)).toEqual(["a", "b", "c"]);

    fresh = rows("n1", "n2", "n3", "a", "b", "c");
    rerender({ list: fresh, atTop: false });
    expect(result.current.items.map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(result.current.newCount).toBe(3);

    act(() => result.current.showNew());
    expect(result.current.items.map((r) => r.id)).toEqual(["n1", "n2", "n3", "a", "b", "c"]);
    expect(result.current.newCount).toBe(0);

    fresh = rows("n4", "n1", "n2", "n3", "a", "b", "c");
    rerender({ list: fresh, atTop: false });
    expect(result.current.newCount).toBe(1);
    rerender({ list: fresh, atTop: true });
    expect(result.current.items.map((r) => r.id)).toEqual(["n4", "n1", "n2", "n3", "a", "b", "c"]);
    expect(result.current.newCount).toBe(0);
  });

  it("a new view or filter starts from the server's order", () => {
    const { result, rerender } = renderHook(({ list, key }) => useStableList(list, false, key), { initialProps: { list: rows("a", "b"), key: "mine" } });
    rerender({ list: rows("z", "a", "b"), key: "mine?status=Pending" });
    expect(result.current.items.map((r) => r.id)).toEqual(["z", "a", "b"]);
    expect(result.current.newCount).toBe(0);
  });
});
