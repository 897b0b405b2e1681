import { useQueryClient } from "@tanstack/react-query";
import { Menu as MenuIcon, WifiOff } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Navigate, useNavigate, useParams, useSearchParams } from "react-router";
import { api, describeError } from "../../api/client";
import { useTheme } from "../../app/theme";
import { Button } from "../../components/ui/Button";
import { useToast } from "../../components/ui/Toast";
import { useMe } from "../auth/useMe";
import { ContactPanel } from "../contacts/ContactPanel";
import { useConversation } from "../conversations/api";
import { AssignDialog } from "../conversations/AssignDialog";
import { ConversationView, type ConversationHandle } from "../conversations/ConversationView";
import { useLiveStream } from "../live/useLiveStream";
import { useBulkActions, type BulkRequest } from "./bulk";
import { BulkBar } from "./BulkBar";
import { ConversationList, ListSkeleton } from "./ConversationList";
import { useDirectoryNames } from "../directory/directory";
import { FilterBar } from "./FilterBar";
import { activeFilterCount, readFilters, toQuery, withFilter, withoutFilters } from "./filters";
import { useStableList } from "./newRows";
import { countFor, formatCount, useTeams, useUnreadCounts } from "./queries";
import { Rail } from "./Rail";
import { SearchBox } from "./SearchBox";
import { useSelection } from "./selection";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { useConversationPages } from "./useConversationPages";
import { useShortcuts } from "./useShortcuts";
import { basePath, conversationPath, emptyStates, parseRoute, viewTitles } from "./views";
import "./inbox.css";

export function InboxScreen() {
  const params = useParams();
  const route = parseRoute(params.view, params.teamId);
  if (!route) return <Navigate to="/inbox/mine" replace />;
  return <Inbox key={basePath(route)} />;
}

/** Whether a key press landed on something that handles Enter itself (a link, a button). */
const onControl = (target: EventTarget | null) => target instanceof HTMLElement && !!target.closest("a[href],button,[role=button],summary");

/** True once `on` has held for `ms`: a live stream that blips for a second says nothing. */
function useHeld(on: boolean, ms: number) {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!on) return setHeld(false);
    const t = setTimeout(() => setHeld(true), ms);
    return () => clearTimeout(t);
  }, [on, ms]);
  return held;
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
  const teams = useTeams();
  const names = useDirectoryNames();
  const { theme, toggle } = useTheme();

  const filters = useMemo(() => readFilters(search), [search]);
  const query = useMemo(() => toQuery(route, filters), [route.view, route.teamId, filters]); // eslint-disable-line react-hooks/exhaustive-deps
  const listKey = JSON.stringify(query);
  const pages = useConversationPages(query);
  // The rail's counts wait for the list's first answer (the list is what the person came for); once only.
  const [listArrived, setListArrived] = useState(false);
  if (!listArrived && (pages.data !== undefined || pages.isError)) setListArrived(true);
  const fresh = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const [atTop, setAtTop] = useState(true);
  const { items, newCount, showNew } = useStableList(fresh, atTop, listKey);
  const order = useMemo(() => items.map((c) => c.id), [items]);
  const { selected, toggle: toggleSelect, clear: clearSelection, selectAll } = useSelection(order);
  const tagSuggestions = useMemo(() => [...new Set(fresh.flatMap((c) => c.tags))], [fresh]);

  const qs = search.toString() ? `?${search.toString()}` : "";
  const hrefOf = useCallback((id: string) => conversationPath(route, id, qs), [route.view, route.teamId, qs]); // eslint-disable-line react-hooks/exhaustive-deps
  const [activeId, setActiveId] = useState<string | null>(openId);
  useEffect(() => {
    if (openId) setActiveId(openId);
  }, [openId]);
  const [railOpen, setRailOpen] = useState(false);
  const [contactOpen, setContactOpen] = useState(() => localStorage.getItem("parley.contact") !== "0");
  const [phoneContact, setPhoneContact] = useState(false);
  // On a phone, opening another conversation (e.g. from the contact's list) shows that conversation.
  useEffect(() => setPhoneContact(false), [openId]);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [bulkAssignOpen, setBulkAssignOpen] = useState(false);
  const [bulkTagOpen, setBulkTagOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const searchBox = useRef<HTMLInputElement>(null);
  const conversation = useRef<ConversationHandle>(null);
  const bulk = useBulkActions();

  // The same words twice in a row must still be read out: a no-break space makes them differ.
  const announce = useCallback((text: string) => setAnnouncement((a) => (a === text ? `${text}\u00a0` : text)), []);
  const live = useLiveStream({
    openId,
    meId: me.data?.user.id,
    announce,
    onOpen: (id, mine) => navigate(conversationPath({ view: mine ? "mine" : "unassigned" }, id)),
  });
  const liveDown = useHeld(live === "reconnecting", 3000);

  // The tab title shows my unread count: "(3) Parley".
  const counts = useUnreadCounts(listArrived);
  const mine = formatCount(countFor(counts.data, { view: "mine" }));
  useEffect(() => {
    document.title = mine ? `(${mine}) Parley` : "Parley";
  }, [mine]);

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
  const runBulk = (request: Omit<BulkRequest, "ids">) => {
    const ids = [...selected];
    if (!ids.length) return;
    bulk.mutate({ ...request, ids }, { onSuccess: clearSelection });
  };
  const assignSelected = (target: { userId?: string | null; teamId?: string | null }) => {
    const assigneeName = target.userId ? (target.userId === me.data?.user.id ? me.data.user.name : names.userName(target.userId)) : undefined;
    runBulk({ kind: "assign", userId: target.userId ?? null, teamId: target.teamId ?? null, assigneeName });
  };
  /** The row under keyboard focus, else the j/k cursor, else the open conversation. */
  const focusedRow = () => (document.activeElement instanceof HTMLElement ? document.activeElement.closest(".list-row[data-id]")?.getAttribute("data-id") : null) ?? activeId ?? openId;
  const withOpen = (fn: (h: ConversationHandle) => void) => () => {
    if (conversation.current) fn(conversation.current);
  };
  const bulkOr = (bulkAction: () => void, single: () => void) => () => (selected.size ? bulkAction() : single());

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    Enter: (e) => {
      if (onControl(e.target) || !activeId) return false;
      open(activeId);
    },
    Escape: () => {
      if (selected.size) clearSelection();
      else if (phoneContact) setPhoneContact(false);
      else if (openId) back();
    },
    "/": () => searchBox.current?.focus(),
    "?": () => setShortcutsOpen(true),
    x: () => {
      const id = focusedRow();
      if (id) toggleSelect(id, false);
    },
    r: withOpen((h) => h.compose("reply")),
    n: withOpen((h) => h.compose("note")),
    e: bulkOr(() => runBulk({ kind: "archive" }), withOpen((h) => h.act("archive"))),
    "shift+E": bulkOr(() => runBulk({ kind: "resolve" }), withOpen((h) => h.act("resolve"))),
    a: bulkOr(() => setBulkAssignOpen(true), withOpen((h) => h.assign())),
    // The conversation pane's handle may offer tag(); until it does, t works on a selection only.
    t: bulkOr(() => setBulkTagOpen(true), withOpen((h) => (h as ConversationHandle & { tag?: () => void }).tag?.())),
    u: bulkOr(() => runBulk({ kind: "unread" }), withOpen((h) => h.markUnread())),
  });

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
  const filtered = !!filters.q || activeFilterCount(filters) > 0;

  return (
    <div className={`inbox${contactOpen && openId ? " with-contact" : ""}${railOpen ? " rail-open" : ""}`} data-pane={pane}>
      <a href="#list" className="skip-link">Skip to conversations</a>
      <div className="rail-wrap">
        <Rail countsReady={listArrived} onNavigate={() => setRailOpen(false)} onSignOut={signOut} theme={theme} onToggleTheme={toggle} onShowShortcuts={() => setShortcutsOpen(true)} />
      </div>
      {railOpen ? <button type="button" className="scrim" aria-label="Close menu" onClick={() => setRailOpen(false)} /> : null}
      <section className="list-pane" id="list" aria-label={title}>
        <header className="pane-head list-head">
          <Button variant="ghost" icon className="only-phone" aria-label="Inboxes" onClick={() => setRailOpen(true)}><MenuIcon size={18} /></Button>
          <h1 className="pane-title">{title}</h1>
        </header>
        <SearchBox ref={searchBox} value={filters.q ?? ""} onSearch={(q) => setSearch(withFilter(search, "q", q))} />
        <FilterBar tagSuggestions={tagSuggestions} />
        {liveDown ? (
          <p className="live-note" role="status"><WifiOff size={14} aria-hidden="true" /> Live updates paused: reconnecting…</p>
        ) : null}
        {selected.size ? (
          <BulkBar
            count={selected.size}
            total={items.length}
            busy={bulk.isPending}
            onRun={(kind) => runBulk({ kind })}
            onAssign={() => setBulkAssignOpen(true)}
            onTag={(tag) => runBulk({ kind: "tag", tag })}
            onSelectAll={selectAll}
            onClear={clearSelection}
            tagOpen={bulkTagOpen}
            onTagOpenChange={setBulkTagOpen}
            tagSuggestions={tagSuggestions}
          />
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
            {filtered ? <Button onClick={() => setSearch(withoutFilters(search, true))}>Clear search and filters</Button> : null}
          </div>
        ) : (
          <ConversationList
            key={listKey}
            items={items}
            hrefOf={hrefOf}
            activeId={activeId}
            openId={openId}
            selected={selected}
            onToggleSelect={toggleSelect}
            hasNextPage={pages.hasNextPage}
            isFetchingNextPage={pages.isFetchingNextPage}
            fetchNextPage={() => void pages.fetchNextPage()}
            channelName={names.channelName}
            newCount={newCount}
            onShowNew={showNew}
            onAtTopChange={setAtTop}
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
      <AssignDialog open={bulkAssignOpen} onOpenChange={setBulkAssignOpen} onPick={assignSelected} />
      <div className="sr-only" aria-live="polite" aria-atomic="true">{announcement}</div>
    </div>
  );
}
