import { useEffect, useRef } from "react";

/** A handler that returns false leaves the key to the browser (e.g. Enter on a focused button). */
export type ShortcutMap = Record<string, (event: KeyboardEvent) => void | boolean>;

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
      if (handler(event) !== false) event.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [enabled]);
}

export interface ShortcutGroup {
  title: string;
  keys: [string, string][];
}

/** Every shortcut the inbox answers to; the "?" dialog lists them all. */
export const shortcutGroups: ShortcutGroup[] = [
  {
    title: "The list",
    keys: [
      ["j / k", "Next / previous conversation"],
      ["Enter", "Open the selected conversation"],
      ["/", "Search by name or phone"],
      ["x", "Select for bulk actions"],
      ["Shift + click", "Select a range"],
      ["Esc", "Clear the selection, or back to the list"],
    ],
  },
  {
    title: "The conversation (also on a bulk selection: a, t, u, e, Shift + E)",
    keys: [
      ["r", "Reply"],
      ["n", "Internal note"],
      ["Ctrl / ⌘ + Enter", "Send"],
      ["a", "Assign"],
      ["t", "Tag"],
      ["u", "Mark unread"],
      ["e", "Archive"],
      ["Shift + E", "Resolve"],
    ],
  },
  { title: "Anywhere", keys: [["?", "This list"]] },
];

export const shortcutList: [string, string][] = shortcutGroups.flatMap((g) => g.keys);
