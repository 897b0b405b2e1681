import { hueOf, initials } from "../../lib/names";

export function Avatar({ name, id, size = 24, title }: { name: string | null | undefined; id?: string; size?: number; title?: string }) {
  const hue = hueOf(id ?? name ?? "?");
  return (
    <span
      className="avatar"
      title={title}
      aria-hidden={title ? undefined : true}
      style={{ width: size, height: size, fontSize: Math.round(size * 0.42), ["--avatar-hue" as string]: hue }}
    >
      {initials(name)}
    </span>
  );
}
