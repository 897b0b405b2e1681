import * as Dropdown from "@radix-ui/react-dropdown-menu";
import { Archive, Bell, Check, Inbox, Keyboard, LogOut, Moon, Send, Sun, Trash2, UserX, Users } from "lucide-react";
import type { ReactNode } from "react";
import { NavLink } from "react-router";
import { Avatar } from "../../components/ui/Avatar";
import { Logo } from "../../components/ui/Logo";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "../../components/ui/Menu";
import { useToast } from "../../components/ui/Toast";
import { isAdmin, useMe } from "../auth/useMe";
import { useDesktopNotifications } from "../live/notifications";
import { countFor, describeCount, formatCount, useTeams, useUnreadCounts, type UnreadCount } from "./queries";
import { basePath, type InboxRoute } from "./views";
import "./inbox.css";

/** A rail entry's unread badge: the number, "99+" past what the server counts, nothing at zero. */
export function UnreadBadge({ count }: { count: UnreadCount | undefined }) {
  const text = formatCount(count);
  if (!text || !count) return null;
  // The link reads "My Inbox, 3 unread"; the badge shows only "3" (or "99+").
  return (
    <span className="rail-count">
      <span className="sr-only">, {describeCount(count)}</span>
      <span aria-hidden="true">{text}</span>
    </span>
  );
}

function RailLink({ route, icon, label, counts, onNavigate }: { route: InboxRoute; icon: ReactNode; label: string; counts: UnreadCount[] | undefined; onNavigate?: () => void }) {
  return (
    <NavLink to={basePath(route)} className="rail-link" onClick={onNavigate}>
      <span className="rail-icon" aria-hidden="true">{icon}</span>
      <span className="rail-label" title={label}>{label}</span>
      <UnreadBadge count={countFor(counts, route)} />
    </NavLink>
  );
}

export interface RailProps {
  onNavigate?: () => void;
  onSignOut: () => void;
  theme: "light" | "dark";
  onToggleTheme: () => void;
  onShowShortcuts?: () => void;
  /** False until the list's first page has arrived: the counts must not compete with it. */
  countsReady?: boolean;
}

export function Rail({ onNavigate, onSignOut, theme, onToggleTheme, onShowShortcuts, countsReady = true }: RailProps) {
  const me = useMe();
  const teams = useTeams();
  const counts = useUnreadCounts(countsReady).data;
  const admin = isAdmin(me.data);
  const notifications = useDesktopNotifications();
  const toast = useToast();
  const toggleNotifications = async () => {
    const result = await notifications.toggle();
    if (result === "on") toast("Desktop notifications on: a new customer message shows one while Parley is in the background.");
    if (result === "blocked") toast("The browser blocks notifications for this site. Allow them in its site settings, then turn them on here.", "error");
  };
  return (
    <nav className="rail" aria-label="Inboxes">
      <div className="rail-org">
        <Logo size={24} />
        <span className="rail-org-name" title={me.data?.organizationName}>{me.data?.organizationName ?? "Parley"}</span>
      </div>
      <div className="rail-section">
        <RailLink route={{ view: "mine" }} icon={<Inbox size={16} />} label="My Inbox" counts={counts} onNavigate={onNavigate} />
        <RailLink route={{ view: "unassigned" }} icon={<UserX size={16} />} label="Unassigned" counts={counts} onNavigate={onNavigate} />
      </div>
      <div className="rail-section">
        <h2 className="rail-heading">Teams</h2>
        {teams.isPending ? <span className="rail-note">Loading teams…</span> : null}
        {teams.isError ? <span className="rail-note">Teams could not be loaded.</span> : null}
        {teams.data?.length === 0 ? <span className="rail-note">No teams yet.</span> : null}
        {teams.data?.map((t) => (
          <RailLink key={t.id} route={{ view: "team", teamId: t.id }} icon={<Users size={16} />} label={t.name} counts={counts} onNavigate={onNavigate} />
        ))}
      </div>
      <div className="rail-section">
        <RailLink route={{ view: "sent" }} icon={<Send size={16} />} label="Sent" counts={counts} onNavigate={onNavigate} />
        <RailLink route={{ view: "archived" }} icon={<Archive size={16} />} label="Archived" counts={counts} onNavigate={onNavigate} />
        {admin ? <RailLink route={{ view: "deleted" }} icon={<Trash2 size={16} />} label="Deleted" counts={counts} onNavigate={onNavigate} /> : null}
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
            {notifications.supported ? (
              <Dropdown.CheckboxItem className="menu-item" checked={notifications.on} onSelect={() => void toggleNotifications()}>
                <Bell size={14} aria-hidden="true" /> Desktop notifications
                <span className="menu-kbd"><Dropdown.ItemIndicator><Check size={14} aria-hidden="true" /></Dropdown.ItemIndicator></span>
              </Dropdown.CheckboxItem>
            ) : null}
            {onShowShortcuts ? (
              <MenuItem onSelect={onShowShortcuts} shortcut="?">
                <Keyboard size={14} /> Keyboard shortcuts
              </MenuItem>
            ) : null}
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
