/** `insert` put in place of the selection [start, end) of `text`, and where the caret goes after it. */
export function insertAtCaret(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}

// The server's placeholder syntax (Templates/TemplateRenderer.cs): "{{ name }}", spaces tolerated.
const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholder names of a text, in order. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(placeholder)].map((m) => m[1]);
}

/**
 * A quick-reply (Conversation) template filled as the server would fill it: a known placeholder
 * with no value becomes empty; an unknown one stays visible, so nothing silently disappears.
 */
export function fillPlaceholders(text: string, values: Record<string, string | null | undefined>): string {
  return text.replace(placeholder, (match, name: string) => (name in values ? values[name] ?? "" : match));
}

export type PreviewPart = { text: string } | { parameter: number; value: string };

/** A WhatsApp template's body cut at its {{1}}..{{n}}, for a preview that shows which part is a parameter. */
export function previewParts(text: string, parameters: string[]): PreviewPart[] {
  const parts: PreviewPart[] = [];
  let last = 0;
  for (const m of text.matchAll(placeholder)) {
    const n = Number(m[1]);
    if (!Number.isInteger(n) || n < 1) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ parameter: n, value: parameters[n - 1] ?? "" });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** "1.2 MB": a file's size as people read it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
