import { Check, Search, UserMinus, Users } from "lucide-react";
import { useRef, useState, type KeyboardEvent } from "react";
import { Avatar } from "../../components/ui/Avatar";
import { Dialog } from "../../components/ui/Dialog";
import { isAdmin, useMe } from "../auth/useMe";
import { useDirectory, type Directory } from "../directory/directory";

export interface AssignTarget {
  userId?: string | null;
  teamId?: string | null;
  /** The picked person's or team's name, for the screen until the server answers. */
  label?: string;
}

interface Choice {
  key: string;
  name: string;
  detail?: string;
  kind: "user" | "team" | "nobody";
  target: AssignTarget;
}

/**
 * Whom the caller may assign to: admins anyone; agents (SPEC: pass to a teammate, or give back)
 * the members of their own teams and those teams.
 */
export function assignChoices(directory: Pick<Directory, "users" | "teams">, me: { id: string; name: string } | undefined, admin: boolean, query: string): Choice[] {
  const myTeams = directory.teams.filter((t) => admin || (me && t.memberIds.includes(me.id)));
  const teammates = new Set(myTeams.flatMap((t) => t.memberIds));
  const people = directory.users.filter((u) => admin || teammates.has(u.id) || u.id === me?.id);
  const needle = query.trim().toLowerCase();
  const match = (name: string) => !needle || name.toLowerCase().split(/\s+/).some((w) => w.startsWith(needle)) || name.toLowerCase().includes(needle);
  const choices: Choice[] = [];
  if (me && match(me.name)) choices.push({ key: `u-${me.id}`, name: `Me (${me.name})`, kind: "user", target: { userId: me.id, label: me.name } });
  people
    .filter((u) => u.id !== me?.id && match(u.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .forEach((u) => choices.push({ key: `u-${u.id}`, name: u.name, detail: u.role === "Admin" ? "Admin" : undefined, kind: "user", target: { userId: u.id, label: u.name } }));
  myTeams
    .filter((t) => match(t.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .forEach((t) => choices.push({ key: `t-${t.id}`, name: t.name, detail: "team inbox", kind: "team", target: { teamId: t.id, userId: null, label: t.name } }));
  if (!needle || "nobody unassign".includes(needle)) choices.push({ key: "nobody", name: "Nobody (unassign)", kind: "nobody", target: { userId: UNASSIGN } });
  return choices;
}

/** Pick a person or a team for one or many conversations: type to filter, arrows to move, Enter to pick. */
/** The API's "nobody" (null would mean "leave the assignee as it is"). */
export const UNASSIGN = "00000000-0000-0000-0000-000000000000";

export function AssignDialog({ open, onOpenChange, onPick, currentUserId }: { open: boolean; onOpenChange: (o: boolean) => void; onPick: (target: AssignTarget) => void; currentUserId?: string | null }) {
  const me = useMe();
  const directory = useDirectory();
  const [q, setQ] = useState("");
  const list = useRef<HTMLUListElement>(null);
  const self = me.data ? { id: me.data.user.id, name: me.data.user.name } : undefined;
  const choices = assignChoices(directory, self, isAdmin(me.data), q);

  const pick = (target: AssignTarget) => {
    onPick(target);
    onOpenChange(false);
    setQ("");
  };
  const buttons = () => [...(list.current?.querySelectorAll<HTMLButtonElement>("button.pick") ?? [])];
  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      buttons()[0]?.focus();
    } else if (e.key === "Enter" && choices[0]) {
      e.preventDefault();
      pick(choices[0].target);
    }
  };
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const all = buttons();
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    const move = (n: number) => {
      e.preventDefault();
      if (n < 0) document.getElementById("assign-search")?.focus();
      else all[Math.min(n, all.length - 1)]?.focus();
    };
    if (e.key === "ArrowDown") move(i + 1);
    else if (e.key === "ArrowUp") move(i - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(all.length - 1);
  };
  return (
    <Dialog open={open} onOpenChange={(o) => (onOpenChange(o), o || setQ(""))} title="Assign conversation">
      <div className="search-field">
        <Search size={14} aria-hidden="true" />
        <input
          id="assign-search"
          autoFocus
          aria-label="Find a person or team"
          aria-describedby="assign-help"
          placeholder="Find a person or team"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={onInputKey}
        />
      </div>
      <p id="assign-help" className="sr-only">Enter picks the first match; the arrow keys move through the list.</p>
      {choices.length === 0 ? <p className="muted small">Nobody matches “{q}”.</p> : null}
      <ul className="pick-list" aria-label="People and teams" ref={list} onKeyDown={onListKey}>
        {choices.map((c) => (
          <li key={c.key}>
            <button type="button" className="pick" onClick={() => pick(c.target)} aria-current={c.kind === "user" && c.target.userId === currentUserId ? true : undefined}>
              {c.kind === "user" ? <Avatar name={c.target.label} id={c.target.userId ?? undefined} size={24} /> : <span className="pick-team">{c.kind === "team" ? <Users size={14} /> : <UserMinus size={14} />}</span>}
              <span>{c.name}</span>
              {c.kind === "user" && c.target.userId === currentUserId ? <Check size={14} aria-label="assigned now" className="pick-current" /> : null}
              {c.detail ? <span className="muted small">{c.detail}</span> : null}
            </button>
          </li>
        ))}
      </ul>
      {directory.isPending ? <p className="muted small" role="status">Loading people…</p> : null}
    </Dialog>
  );
}
