import { User } from "lucide-react";
import { hueOf, initials } from "../../lib/names";
import { hasNoLetters } from "../../lib/phone";

/*
 * Eight hues 45° apart, so two people with the same initials rarely share a colour and never
 * land on two nearly equal hues; the lightness pairs in styles.css keep text ≥ 4.5:1 on each.
 */
const HUES = [215, 260, 305, 350, 30, 75, 150, 185];

export function Avatar({ name, id, size = 24, title }: { name: string | null | undefined; id?: string; size?: number; title?: string }) {
  const hue = HUES[hueOf(id ?? name ?? "?") % HUES.length];
  return (
    <span
      className="avatar"
      title={title}
      aria-hidden={title ? undefined : true}
      style={{ width: size, height: size, fontSize: Math.round(size * 0.42), ["--avatar-hue" as string]: hue }}
    >
      {/* A phone number makes no initials ("+4"): a person shape says "someone" without pretending. */}
      {hasNoLetters(name) ? <User size={Math.round(size * 0.55)} aria-hidden="true" /> : initials(name)}
    </span>
  );
}
