import { useQueries, useQueryClient } from "@tanstack/react-query";
import { Search, Users } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { api, unwrap } from "../../api/client";
import { Avatar } from "../../components/ui/Avatar";
import { Dialog } from "../../components/ui/Dialog";
import { useMe } from "../auth/useMe";
import { useTeams, useUsers } from "../inbox/queries";

/** Pick a person (or a team) for one or many conversations. Agents see their teams' members. */
export function AssignDialog({ open, onOpenChange, onPick }: { open: boolean; onOpenChange: (o: boolean) => void; onPick: (target: { userId?: string | null; teamId?: string | null }) => void }) {
  const me = useMe();
  const { users } = useUsers();
  const teams = useTeams();
  const [q, setQ] = useState("");
  const queryClient = useQueryClient();
  // The people list is cached for minutes; someone added since (another tab, another admin) must be pickable now.
  useEffect(() => {
    if (open) void queryClient.invalidateQueries({ queryKey: ["users"] });
  }, [open, queryClient]);
  const details = useQueries({
    queries: (open ? teams.data ?? [] : []).map((t) => ({
      queryKey: ["team", t.id],
      queryFn: () => unwrap(api.GET("/api/v1/teams/{id}", { params: { path: { id: t.id } } })),
      staleTime: 5 * 60_000,
    })),
  });
  const people = useMemo(() => {
    const map = new Map<string, { id: string; name: string; email: string }>();
    users.forEach((u) => map.set(u.id, { id: u.id, name: u.name, email: u.email }));
    details.forEach((d) => d.data?.members.forEach((m) => map.has(m.userId) || map.set(m.userId, { id: m.userId, name: m.name, email: m.email })));
    const needle = q.trim().toLowerCase();
    return [...map.values()].filter((p) => !needle || p.name.toLowerCase().includes(needle) || p.email.toLowerCase().includes(needle)).sort((a, b) => a.name.localeCompare(b.name));
  }, [users, details, q]);
  const teamList = (teams.data ?? []).filter((t) => !q || t.name.toLowerCase().includes(q.toLowerCase()));
  const pick = (target: { userId?: string | null; teamId?: string | null }) => {
    onPick(target);
    onOpenChange(false);
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Assign conversation">
      <div className="search-field">
        <Search size={14} aria-hidden="true" />
        <input autoFocus aria-label="Find a person or team" placeholder="Find a person or team" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <ul className="pick-list" aria-label="People">
        {me.data ? (
          <li><button type="button" className="pick" onClick={() => pick({ userId: me.data!.user.id })}><Avatar name={me.data.user.name} id={me.data.user.id} size={24} /> <span>Me ({me.data.user.name})</span></button></li>
        ) : null}
        {people.filter((p) => p.id !== me.data?.user.id).map((p) => (
          <li key={p.id}><button type="button" className="pick" onClick={() => pick({ userId: p.id })}><Avatar name={p.name} id={p.id} size={24} /> <span>{p.name}</span><span className="muted small">{p.email}</span></button></li>
        ))}
        {teamList.map((t) => (
          <li key={t.id}><button type="button" className="pick" onClick={() => pick({ teamId: t.id, userId: null })}><span className="pick-team"><Users size={14} /></span> <span>{t.name}</span><span className="muted small">team inbox</span></button></li>
        ))}
        <li><button type="button" className="pick" onClick={() => pick({ userId: null })}><span className="pick-team">–</span> <span>Nobody (unassign)</span></button></li>
      </ul>
    </Dialog>
  );
}
