import { useQueryClient } from "@tanstack/react-query";
import { Archive, CheckCircle2, Filter, Mail, MailOpen, Menu as MenuIcon, Search, UserPlus, X } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Navigate, useNavigate, useParams, useSearchParams } from "react-router";
import { api, describeError } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "../../components/ui/Menu";
import { useToast } from "../../components/ui/Toast";
import { isAdmin, useMe } from "../auth/useMe";
import { ContactPanel } from "../contacts/ContactPanel";
import { useBulk, useConversation } from "../conversations/api";
import { AssignDialog } from "../conversations/AssignDialog";
import { ConversationView, type ConversationHandle } from "../conversations/ConversationView";
import { statusLabels } from "../conversations/StatusBadge";
import { useLiveStream } from "../live/useLiveStream";
import { ConversationList, ListSkeleton } from "./ConversationList";
import { useTeams, useUnreadCount } from "./queries";
import { Rail } from "./Rail";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { useConversationPages, type Filters } from "./useConversationPages";
import { useShortcuts } from "./useShortcuts";
import { basePath, conversationPath, emptyStates, parseRoute, viewTitles, type StatusFilter } from "./views";
import { useTheme } from "../../app/theme";

const statuses = Object.keys(statusLabels) as StatusFilter[];

export function InboxScreen() {
  const params = useParams();
  const route = parseRoute(params.view, params.teamId);
  if (!route) return <Navigate to="/inbox/mine" replace />;
  return <Inbox key={basePath(route)} />;
}

function Inbox() {
  const params = useParams();
  const route = parseRoute(params.view, params.teamId)!;
  const openId = params.conversationId ?? null;
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useToast();
  const me = useMe();
  const admin = isAdmin(me.data);
  const teams = useTeams();
  const { theme, toggle } = useTheme();

  const q = search.get("q") ?? "";
  const status = (search.get("status") as StatusFilter | null) ?? undefined;
  const unreadOnly = search.get("unread") === "1";
  const filters: Filters = useMemo(
    () => ({ view: route.view, teamId: route.teamId, q: q || undefined, status, unread: unreadOnly || undefined }),
    [route.view, route.teamId, q, status, unreadOnly],
  );
  const pages = useConversationPages(filters);
  const items = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);

  const qs = search.toString() ? `?${search.toString()}` : "";
  const hrefOf = useCallback((id: string) => conversationPath(route, id, qs), [route.view, route.teamId, qs]); // eslint-disable-line react-hooks/exhaustive-deps
  const [activeId, setActiveId] = useState<string | null>(openId);
  useEffect(() => {
    if (openId) setActiveId(openId);
  }, [openId]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);
  const [railOpen, setRailOpen] = useState(false);
  const [contactOpen, setContactOpen] = useState(() => localStorage.getItem("parley.contact") !== "0");
  const [phoneContact, setPhoneContact] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [bulkAssignOpen, setBulkAssignOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const searchBox = useRef<HTMLInputElement>(null);
  const conversation = useRef<ConversationHandle>(null);
  const bulk = useBulk();

  useLiveStream(openId, setAnnouncement);

  // The tab title shows my unread count: "(3) Parley".
  const mine = useUnreadCount({ view: "mine" });
  useEffect(() => {
    document.title = mine.data ? `(${mine.data}) Parley` : "Parley";
  }, [mine.data]);

  const title = route.view === "team" ? teams.data?.find((t) => t.id === route.teamId)?.name ?? "Team inbox" : viewTitles[route.view];
  const open = (id: string) => navigate(hrefOf(id));
  const back = () => navigate(`${basePath(route)}${qs}`);
  const move = (delta: number) => {
    if (items.length === 0) return;
    const i = activeId ? items.findIndex((c) => c.id === activeId) : -1;
    const next = items[Math.max(0, Math.min(items.length - 1, i + delta))];
    setActiveId(next.id);
    if (openId) open(next.id);
  };
  // After resolve/archive the next conversation opens.
  const openNext = () => {
    const i = openId ? items.findIndex((c) => c.id === openId) : -1;
    const next = items[i + 1] ?? items[i - 1];
    if (next && next.id !== openId) open(next.id);
    else back();
  };
  const toggleSelect = (id: string, range: boolean) => {
    setSelected((s) => {
      const n = new Set(s);
      if (range && anchor) {
        const a = items.findIndex((c) => c.id === anchor);
        const b = items.findIndex((c) => c.id === id);
        items.slice(Math.min(a, b), Math.max(a, b) + 1).forEach((c) => n.add(c.id));
      } else if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
    setAnchor(id);
  };
  const runBulk = (action: "read" | "unread" | "resolve" | "archive" | "assign", target?: { userId?: string | null; teamId?: string | null }) => {
    const ids = [...selected];
    if (!ids.length) return;
    const act = action === "assign" && target?.teamId ? "team" : action;
    bulk.mutate({ ids, action: act, userId: target?.userId ?? undefined, teamId: target?.teamId ?? undefined }, { onSuccess: () => setSelected(new Set()) });
  };
  const withOpen = (fn: (h: ConversationHandle) => void) => () => conversation.current && fn(conversation.current);

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    Enter: () => activeId && open(activeId),
    Escape: () => {
      if (selected.size) setSelected(new Set());
      else if (phoneContact) setPhoneContact(false);
      else if (openId) back();
    },
    "/": () => searchBox.current?.focus(),
    "?": () => setShortcutsOpen(true),
    x: () => activeId && toggleSelect(activeId, false),
    r: withOpen((h) => h.compose("reply")),
    n: withOpen((h) => h.compose("note")),
    e: withOpen((h) => h.act("archive")),
    "shift+E": withOpen((h) => h.act("resolve")),
    a: () => (selected.size ? setBulkAssignOpen(true) : conversation.current?.assign()),
    u: withOpen((h) => h.markUnread()),
  });

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setParam("q", draft.trim() || undefined);
    searchBox.current?.blur();
  };

  const signOut = async () => {
    try {
      await api.POST("/api/v1/auth/logout");
    } catch (error) {
      toast(describeError(error), "error");
    }
    queryClient.clear();
    navigate("/sign-in", { replace: true });
  };

  const openConversation = useConversation(openId ?? "");
  const pane = openId ? (phoneContact ? "contact" : "conversation") : "list";
  const filtered = !!(q || status || unreadOnly);

  return (
    <div className={`inbox${contactOpen && openId ? " with-contact" : ""}${railOpen ? " rail-open" : ""}`} data-pane={pane}>
      <a href="#list" className="skip-link">Skip to conversations</a>
      <div className="rail-wrap">
        <Rail onNavigate={() => setRailOpen(false)} onSignOut={signOut} theme={theme} onToggleTheme={toggle} />
      </div>
      {railOpen ? <button type="button" className="scrim" aria-label="Close menu" onClick={() => setRailOpen(false)} /> : null}
      <section className="list-pane" id="list" aria-label={title}>
        <header className="pane-head list-head">
          <Button variant="ghost" icon className="only-phone" aria-label="Inboxes" onClick={() => setRailOpen(true)}><MenuIcon size={18} /></Button>
          <h1 className="pane-title">{title}</h1>
          <Menu>
            <MenuTrigger asChild>
              <Button variant={status || unreadOnly ? "secondary" : "ghost"} size="sm" aria-label="Filter">
                <Filter size={14} aria-hidden="true" /> {status ? statusLabels[status] : unreadOnly ? "Unread" : <span className="hide-narrow">Filter</span>}
              </Button>
            </MenuTrigger>
            <MenuContent>
              <MenuLabel>Status</MenuLabel>
              <MenuItem onSelect={() => setParam("status", undefined)}>Any status{!status ? " ✓" : ""}</MenuItem>
              {statuses.filter((s) => admin || s !== "Deleted").map((s) => (
                <MenuItem key={s} onSelect={() => setParam("status", s)}>{s === "Open" ? "Open (New / In progress)" : statusLabels[s]}{status === s ? " ✓" : ""}</MenuItem>
              ))}
              <MenuSeparator />
              <MenuItem onSelect={() => setParam("unread", unreadOnly ? undefined : "1")}>{unreadOnly ? "Show read and unread" : "Only unread"}</MenuItem>
            </MenuContent>
          </Menu>
        </header>
        <form className="search-field list-search" role="search" onSubmit={submitSearch}>
          <Search size={14} aria-hidden="true" />
          <input
            ref={searchBox}
            type="search"
            aria-label="Search by name or phone"
            placeholder="Search name or phone   /"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && (setDraft(""), setParam("q", undefined), e.currentTarget.blur())}
          />
          {q ? <Button variant="ghost" size="sm" icon aria-label="Clear search" onClick={() => setParam("q", undefined)}><X size={14} /></Button> : null}
        </form>
        {selected.size ? (
          <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
            <span className="bulk-count">{selected.size} selected</span>
            <Button variant="ghost" size="sm" icon aria-label="Mark read" title="Mark read" onClick={() => runBulk("read")}><MailOpen size={14} /></Button>
            <Button variant="ghost" size="sm" icon aria-label="Mark unread" title="Mark unread" onClick={() => runBulk("unread")}><Mail size={14} /></Button>
            <Button variant="ghost" size="sm" icon aria-label="Assign" title="Assign" onClick={() => setBulkAssignOpen(true)}><UserPlus size={14} /></Button>
            <Button variant="ghost" size="sm" icon aria-label="Resolve" title="Resolve" onClick={() => runBulk("resolve")}><CheckCircle2 size={14} /></Button>
            <Button variant="ghost" size="sm" icon aria-label="Archive" title="Archive" onClick={() => runBulk("archive")}><Archive size={14} /></Button>
            <Button variant="ghost" size="sm" onClick={() => setSelected(new Set())}>Clear</Button>
          </div>
        ) : null}
        {pages.isPending ? (
          <ListSkeleton />
        ) : pages.isError ? (
          <div className="empty" role="alert">
            <h2>The conversations could not be loaded</h2>
            <p className="muted">{describeError(pages.error)}</p>
            <Button onClick={() => pages.refetch()}>Try again</Button>
          </div>
        ) : items.length === 0 ? (
          <div className="empty">
            <h2>{filtered ? "No conversations match" : "Nothing here"}</h2>
            <p className="muted">{filtered ? "Try another name, a phone number in any format, or clear the filters." : emptyStates[route.view]}</p>
            {filtered ? <Button onClick={() => setSearch(new URLSearchParams(), { replace: true })}>Clear search and filters</Button> : null}
          </div>
        ) : (
          <ConversationList
            items={items}
            hrefOf={hrefOf}
            activeId={activeId}
            openId={openId}
            selected={selected}
            onToggleSelect={toggleSelect}
            hasNextPage={pages.hasNextPage}
            isFetchingNextPage={pages.isFetchingNextPage}
            fetchNextPage={() => void pages.fetchNextPage()}
          />
        )}
      </section>
      {openId ? (
        <ConversationView
          key={openId}
          ref={conversation}
          id={openId}
          onBack={back}
          onAfterMove={openNext}
          contactOpen={contactOpen}
          onToggleContact={() => {
            if (window.matchMedia("(max-width: 767px)").matches) setPhoneContact((v) => !v);
            else setContactOpen((v) => (localStorage.setItem("parley.contact", v ? "0" : "1"), !v));
          }}
        />
      ) : (
        <section className="conversation conversation-none" aria-label="Conversation">
          <div className="empty">
            <h2>No conversation open</h2>
            <p className="muted">Pick one from the list, or press <kbd>j</kbd> and <kbd>Enter</kbd>. Press <kbd>?</kbd> for all shortcuts.</p>
          </div>
        </section>
      )}
      {openId && openConversation.data && (contactOpen || phoneContact) ? (
        <ContactPanel conversation={openConversation.data} hrefOf={hrefOf} onClose={() => (phoneContact ? setPhoneContact(false) : (localStorage.setItem("parley.contact", "0"), setContactOpen(false)))} />
      ) : null}
      <ShortcutsDialog open={shortcutsOpen} onOpenChange={setShortcutsOpen} />
      <AssignDialog open={bulkAssignOpen} onOpenChange={setBulkAssignOpen} onPick={(target) => runBulk("assign", target)} />
      <div className="sr-only" aria-live="polite" aria-atomic="true">{announcement}</div>
    </div>
  );
}
