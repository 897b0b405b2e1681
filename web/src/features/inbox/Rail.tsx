import { Archive, Inbox, LogOut, Moon, Send, Sun, Trash2, UserX, Users } from "lucide-react";
import type { ReactNode } from "react";
import { NavLink } from "react-router";
import { Avatar } from "../../components/ui/Avatar";
import { Logo } from "../../components/ui/Logo";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "../../components/ui/Menu";
import { isAdmin, useMe } from "../auth/useMe";
import { useTeams, useUnreadCount } from "./queries";
import { basePath, type InboxRoute } from "./views";

function RailLink({ route, icon, label, count = true, onNavigate }: { route: InboxRoute; icon: ReactNode; label: string; count?: boolean; onNavigate?: () => void }) {
  const unread = useUnreadCount(route);
  const n = count ? unread.data : undefined;
  return (
    <NavLink to={basePath(route)} className="rail-link" onClick={onNavigate}>
      <span className="rail-icon" aria-hidden="true">{icon}</span>
      <span className="rail-label">{label}</span>
      {n ? <span className="rail-count" aria-label={`${n} unread`}>{n}</span> : null}
    </NavLink>
  );
}

export function Rail({ onNavigate, onSignOut, theme, onToggleTheme }: { onNavigate?: () => void; onSignOut: () => void; theme: "light" | "dark"; onToggleTheme: () => void }) {
  const me = useMe();
  const teams = useTeams();
  const admin = isAdmin(me.data);
  return (
    <nav className="rail" aria-label="Inboxes">
      <div className="rail-org">
        <Logo size={24} />
        <span className="rail-org-name" title={me.data?.organizationName}>{me.data?.organizationName ?? "Parley"}</span>
      </div>
      <div className="rail-section">
        <RailLink route={{ view: "mine" }} icon={<Inbox size={16} />} label="My Inbox" onNavigate={onNavigate} />
        <RailLink route={{ view: "unassigned" }} icon={<UserX size={16} />} label="Unassigned" onNavigate={onNavigate} />
      </div>
      <div className="rail-section">
        <h2 className="rail-heading">Teams</h2>
        {teams.isPending ? <span className="rail-note">Loading teams…</span> : null}
        {teams.isError ? <span className="rail-note">Teams could not be loaded.</span> : null}
        {teams.data?.length === 0 ? <span className="rail-note">No teams yet.</span> : null}
        {teams.data?.map((t) => (
          <RailLink key={t.id} route={{ view: "team", teamId: t.id }} icon={<Users size={16} />} label={t.name} onNavigate={onNavigate} />
        ))}
      </div>
      <div className="rail-section">
        <RailLink route={{ view: "sent" }} icon={<Send size={16} />} label="Sent" count={false} onNavigate={onNavigate} />
        <RailLink route={{ view: "archived" }} icon={<Archive size={16} />} label="Archived" count={false} onNavigate={onNavigate} />
        {admin ? <RailLink route={{ view: "deleted" }} icon={<Trash2 size={16} />} label="Deleted" count={false} onNavigate={onNavigate} /> : null}
      </div>
      <div className="rail-foot">
        <Menu>
          {/* Named by what it shows (axe: label-content-name-mismatch), then what it opens. */}
          <MenuTrigger className="rail-me">
            <Avatar name={me.data?.user.name} id={me.data?.user.id} size={28} />
            <span className="rail-me-text">
              <span className="rail-me-name">{me.data?.user.name}</span>
              <span className="rail-me-role">{me.data?.user.role}</span>
            </span>
            <span className="sr-only">, account menu</span>
          </MenuTrigger>
          <MenuContent align="start">
            <MenuLabel>{me.data?.user.email}</MenuLabel>
            <MenuItem onSelect={onToggleTheme}>
              {theme === "dark" ? <Sun size={14} /> : <Moon size={14} />} {theme === "dark" ? "Light theme" : "Dark theme"}
            </MenuItem>
            <MenuSeparator />
            <MenuItem onSelect={onSignOut}>
              <LogOut size={14} /> Sign out
            </MenuItem>
          </MenuContent>
        </Menu>
      </div>
    </nav>
  );
}
