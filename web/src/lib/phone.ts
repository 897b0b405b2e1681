/**
 * An E.164 number grouped for reading ("+447700900123" → "+44 7700 900123"). Display only: links,
 * tooltips, search and accessible names that tests or people match keep the raw value. Anything
 * that is not plain E.164 comes back unchanged.
 */
export function formatPhone(raw: string | null | undefined): string {
  const value = (raw ?? "").trim();
  const m = /^\+(\d{7,15})$/.exec(value);
  if (!m) return value;
  const d = m[1];
  // North America: +1 555-010-2000.
  if (d.startsWith("1") && d.length === 11) return `+1 ${d.slice(1, 4)}-${d.slice(4, 7)}-${d.slice(7)}`;
  // UK: +44 7700 900123 (mobiles and most geographic numbers read as 4 + 6).
  if (d.startsWith("44") && d.length === 12) return `+44 ${d.slice(2, 6)} ${d.slice(6)}`;
  // France: +33 6 12 34 56 78.
  if (d.startsWith("33") && d.length === 11) return `+33 ${d[2]} ${d.slice(3).match(/\d{2}/g)!.join(" ")}`;
  // Germany: +49 and the rest in fours after a 3-digit prefix; lengths vary too much for more.
  if (d.startsWith("49")) return `+49 ${groups(d.slice(2), 3)}`;
  // Elsewhere: a 2-digit country code guess would often be wrong, so group from the start.
  return `+${d.slice(0, 2)} ${groups(d.slice(2), 3)}`;
}

/** "123456789" → "123 456 789"; the first group takes `first` digits, the rest fours (last may be shorter). */
function groups(digits: string, first: number): string {
  const parts = [digits.slice(0, first)];
  for (let i = first; i < digits.length; i += 4) parts.push(digits.slice(i, i + 4));
  return parts.filter(Boolean).join(" ");
}

/** True when a label has no letter to make initials from: a phone number, "?" or empty. */
export const hasNoLetters = (label: string | null | undefined) => !/\p{L}/u.test(label ?? "");
