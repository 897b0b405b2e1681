import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { keyName, useShortcuts, type ShortcutMap } from "./useShortcuts";

function Harness({ map }: { map: ShortcutMap }) {
  useShortcuts(map);
  return (
    <div>
      <input aria-label="search" />
      <textarea aria-label="reply" />
      <div aria-label="editor" contentEditable suppressContentEditableWarning />
      <input type="checkbox" aria-label="pick" />
      <button type="button">plain</button>
    </div>
  );
}

describe("keyboard shortcuts", () => {
  it("j, k, Enter, /, ? and Escape reach their handlers", () => {
    const map = { j: vi.fn(), k: vi.fn(), Enter: vi.fn(), "/": vi.fn(), "?": vi.fn(), Escape: vi.fn() };
    render(<Harness map={map} />);
    fireEvent.keyDown(document.body, { key: "j" });
    fireEvent.keyDown(document.body, { key: "k" });
    fireEvent.keyDown(document.body, { key: "Enter" });
    fireEvent.keyDown(document.body, { key: "/" });
    fireEvent.keyDown(document.body, { key: "?", shiftKey: true });
    fireEvent.keyDown(document.body, { key: "Escape" });
    Object.values(map).forEach((fn) => expect(fn).toHaveBeenCalledTimes(1));
  });

  it("never fire while typing in an input, a textarea or an editable element", () => {
    const map = { j: vi.fn(), "/": vi.fn(), Escape: vi.fn() };
    render(<Harness map={map} />);
    for (const name of ["search", "reply", "editor"]) {
      const field = screen.getByLabelText(name);
      fireEvent.keyDown(field, { key: "j" });
      fireEvent.keyDown(field, { key: "/" });
      fireEvent.keyDown(field, { key: "Escape" });
    }
    Object.values(map).forEach((fn) => expect(fn).not.toHaveBeenCalled());
  });

  it("still fire from a focused checkbox or button (not text fields)", () => {
    const map = { j: vi.fn() };
    render(<Harness map={map} />);
    fireEvent.keyDown(screen.getByLabelText("pick"), { key: "j" });
    fireEvent.keyDown(screen.getByText("plain"), { key: "j" });
    expect(map.j).toHaveBeenCalledTimes(2);
  });

  it("leave keys with Ctrl/Cmd or Alt to the browser unless mapped", () => {
    const map = { j: vi.fn() };
    render(<Harness map={map} />);
    fireEvent.keyDown(document.body, { key: "j", ctrlKey: true });
    fireEvent.keyDown(document.body, { key: "j", altKey: true });
    expect(map.j).not.toHaveBeenCalled();
  });

  it("names keys the way the map does", () => {
    expect(keyName(new KeyboardEvent("keydown", { key: "E", shiftKey: true }))).toBe("shift+E");
    expect(keyName(new KeyboardEvent("keydown", { key: "J" }))).toBe("j");
    expect(keyName(new KeyboardEvent("keydown", { key: "k", metaKey: true }))).toBe("mod+k");
    expect(keyName(new KeyboardEvent("keydown", { key: "?", shiftKey: true }))).toBe("?");
  });
});
