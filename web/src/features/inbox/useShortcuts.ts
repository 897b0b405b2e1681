import { useEffect, useRef } from "react";

export type ShortcutMap = Record<string, (event: KeyboardEvent) => void>;

/** True while the person types somewhere: shortcuts must never steal those keys. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('[contenteditable=""],[contenteditable="true"],[contenteditable="plaintext-only"]')) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
  }
  return false;
}

/** The key as the map names it: "j", "Enter", "Escape", "?", "shift+E", "mod+k". */
export function keyName(event: KeyboardEvent): string {
  const mod = event.ctrlKey || event.metaKey ? "mod+" : "";
  const key = event.key;
  const shift = event.shiftKey && key.length === 1 && /[a-z]/i.test(key) ? "shift+" : "";
  return `${mod}${shift}${key.length === 1 && !shift ? key.toLowerCase() : key}`;
}

/** Single-key shortcuts on the document, ignored while typing in a field or inside an open dialog. */
export function useShortcuts(map: ShortcutMap, enabled = true) {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.isComposing) return;
      if (isTyping(event.target)) return;
      if (event.target instanceof HTMLElement && event.target.closest("[role=dialog],[role=menu]")) return;
      const handler = ref.current[keyName(event)];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [enabled]);
}

export const shortcutList: [string, string][] = [
  ["j / k", "Next / previous conversation"],
  ["Enter", "Open the selected conversation"],
  ["Esc", "Back to the list"],
  ["/", "Search"],
  ["r", "Reply"],
  ["n", "Internal note"],
  ["e", "Archive"],
  ["Shift + E", "Resolve"],
  ["a", "Assign"],
  ["u", "Mark unread"],
  ["x", "Select for bulk actions"],
  ["Ctrl / ⌘ + Enter", "Send"],
  ["?", "This list"],
];
