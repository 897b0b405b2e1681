/** Two letters for an avatar: "Ada Lovelace" → "AL", "ada" → "AD". */
export function initials(name: string | null | undefined): string {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  if (words.length === 1) return words[0].slice(0, 2).toUpperCase();
  return (words[0][0] + words[words.length - 1][0]).toUpperCase();
}

/** A stable hue per person, so the same agent always has the same avatar colour. */
export function hueOf(key: string): number {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

export function contactLabel(contact: { name: string | null; phone: string | null }): string {
  return contact.name?.trim() || contact.phone || "Unknown sender";
}
