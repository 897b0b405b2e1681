import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, Pin } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { describeError } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Skeleton } from "../../components/ui/Skeleton";
import { formatFull } from "../../lib/time";
import type { ConversationEvent, Message, useTimelinePages } from "./api";
import { useDirectoryNames } from "../directory/directory";
import { EventLine, MessageRow, type Names } from "./MessageRow";
import { buildRows, mergeWindow, type TimelineRow } from "./timelineModel";

type Row = TimelineRow<Message, ConversationEvent>;

export interface TimelineProps extends Names {
  pages: ReturnType<typeof useTimelinePages>;
  /** The signed-in user: their own new message always scrolls into view. */
  meId?: string;
  onPin?: (messageId: string, pinned: boolean) => void;
}

const estimate = (row: Row | undefined) =>
  !row ? 40 : row.kind === "day" ? 40 : row.kind === "event" ? 26 : 64 + (row.message.attachments.length ? 170 : 0) + Math.min(200, Math.floor(row.message.text.length / 60) * 20);

// How close to the end still counts as "reading the latest" (px).
const atEndSlack = 80;

/**
 * The conversation, virtualised: newest page first, scrolled to the end; older pages load as the
 * reader nears the top (without the view jumping); a new message follows only a reader who is at
 * the end, and shows "New messages ↓" to one who is not.
 */
export function Timeline(props: TimelineProps) {
  const { messages, events } = props.pages;
  if (messages.isPending || events.isPending) return <TimelineSkeleton />;
  if (messages.isError || events.isError)
    return (
      <div className="timeline-scroll">
        <div className="empty" role="alert">
          <p>The messages could not be loaded: {describeError(messages.error ?? events.error)}</p>
          <Button onClick={() => void Promise.all([messages.refetch(), events.refetch()])}>Try again</Button>
        </div>
      </div>
    );
  return <TimelineList {...props} />;
}

function TimelineList({ pages, contactName, nameOf, meId, onPin }: TimelineProps) {
  const { messages, events } = pages;
  const messageItems = useMemo(() => messages.data?.pages.flatMap((p) => p.items) ?? [], [messages.data]);
  const eventItems = useMemo(() => (events.data?.pages.flatMap((p) => p.items) ?? []).filter((e) => e.type !== "Created"), [events.data]);
  const view = useMemo(
    () => mergeWindow({ items: messageItems, hasMore: !!messages.hasNextPage }, { items: eventItems, hasMore: !!events.hasNextPage }),
    [messageItems, eventItems, messages.hasNextPage, events.hasNextPage],
  );
  const rows = useMemo(() => buildRows(view.items), [view.items]);
  const pinned = useMemo(() => messageItems.filter((m) => m.kind === "Note" && m.isPinned).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)), [messageItems]);
  const { teamName } = useDirectoryNames();
  const names = useMemo(() => ({ nameOf, contactName, teamName: (id: string) => teamName(id) }), [nameOf, contactName, teamName]);

  const scroller = useRef<HTMLDivElement>(null);
  // Row 0 is the top of the timeline: "loading earlier" or "the beginning".
  const count = rows.length + 1;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => estimate(rows[i - 1]),
    getItemKey: (i) => (i === 0 ? "top" : rows[i - 1]?.key ?? i),
    overscan: 6,
    anchorTo: "end",
    followOnAppend: true,
    scrollEndThreshold: atEndSlack,
  });

  const fetching = messages.isFetchingNextPage || events.isFetchingNextPage;
  const loadOlder = useCallback(() => {
    if (fetching) return;
    if (view.load.includes("messages")) void messages.fetchNextPage();
    if (view.load.includes("events")) void events.fetchNextPage();
  }, [fetching, view.load, messages, events]);

  // Start at the latest message, once, when the first rows are there.
  const [started, setStarted] = useState(false);
  useLayoutEffect(() => {
    if (started || rows.length === 0) return;
    virtualizer.scrollToEnd();
    const frame = requestAnimationFrame(() => setStarted(true));
    return () => cancelAnimationFrame(frame);
  }, [rows.length, started, virtualizer]);

  // The top row in view (or in the overscan): page further back.
  const first = virtualizer.getVirtualItems()[0]?.index;
  useEffect(() => {
    if (started && first === 0 && !view.complete) loadOlder();
  }, [started, first, view.complete, loadOlder]);

  // Whether the reader is at the end, and "New messages ↓" when something arrives while they are not.
  const atEnd = useRef(true);
  const [newBelow, setNewBelow] = useState(false);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight <= atEndSlack;
      if (atEnd.current) setNewBelow(false);
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, []);
  const last = rows[rows.length - 1];
  const lastKey = last?.key;
  const seenLast = useRef<string | undefined>(undefined);
  useEffect(() => {
    const previous = seenLast.current;
    seenLast.current = lastKey;
    if (!previous || !lastKey || previous === lastKey || !started) return;
    // What I wrote myself always comes into view; someone else's waits below a reader who scrolled up.
    const mine = last?.kind === "message" && last.message.authorUserId === meId && !!meId;
    // A reader at the end stays there, with the whole new row in view (not just within the slack).
    if (mine || atEnd.current) virtualizer.scrollToEnd();
    else setNewBelow(true);
  }, [lastKey, last, meId, started, virtualizer]);

  // Jump to a pinned note: page back until it is inside the window, then bring it to the middle.
  const [target, setTarget] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  useEffect(() => {
    if (!target) return;
    const index = rows.findIndex((r) => r.kind === "message" && r.message.id === target);
    if (index >= 0) {
      virtualizer.scrollToIndex(index + 1, { align: "center" });
      setHighlight(target);
      setTarget(null);
      requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-message-id="${target}"]`)?.focus());
    } else if (!view.complete) loadOlder();
    else setTarget(null);
  }, [target, rows, view.complete, loadOlder, virtualizer]);
  useEffect(() => {
    if (!highlight) return;
    const timer = setTimeout(() => setHighlight(null), 2000);
    return () => clearTimeout(timer);
  }, [highlight]);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="tl-pane">
      {pinned.length ? <PinnedNotes notes={pinned} names={names} onJump={setTarget} /> : null}
      <div className="timeline-scroll tl-scroll" ref={scroller}>
        {rows.length === 0 && view.complete ? (
          <p className="timeline-empty muted">No messages yet. Write the first one below.</p>
        ) : (
          <ol className="timeline tl-list" aria-label="Messages" aria-busy={fetching || undefined} style={{ height: virtualizer.getTotalSize() }}>
            {items.map((v) => {
              const row = v.index === 0 ? null : rows[v.index - 1];
              return (
                <li key={v.key} data-index={v.index} ref={virtualizer.measureElement} className="tl-row" style={{ transform: `translateY(${v.start}px)` }}>
                  {row === null ? (
                    view.complete ? (
                      <div className="tl-start muted small">{rows.length ? `The conversation starts here · ${formatFull(new Date(rows[0].at).toISOString())}` : null}</div>
                    ) : (
                      <div className="tl-start" role="status"><Skeleton width={180} height={12} /><span className="sr-only">Loading earlier messages</span></div>
                    )
                  ) : row.kind === "day" ? (
                    <div className="tl-day"><span>{row.label}</span></div>
                  ) : row.kind === "event" ? (
                    <EventLine event={row.event} names={names} />
                  ) : (
                    <MessageRow m={row.message} names={names} onPin={onPin} highlighted={highlight === row.message.id} />
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </div>
      {newBelow ? (
        <button
          type="button"
          className="tl-new"
          onClick={() => {
            virtualizer.scrollToEnd({ behavior: "smooth" });
            setNewBelow(false);
          }}
        >
          New messages <ArrowDown size={14} aria-hidden="true" />
        </button>
      ) : null}
    </div>
  );
}

function PinnedNotes({ notes, names, onJump }: { notes: Message[]; names: Names; onJump: (id: string) => void }) {
  const [expanded, setExpanded] = useState(false);
  const open = expanded || notes.length <= 2;
  // Collapsed, the bar shows the latest pinned note only: the timeline keeps its room.
  const shown = open ? notes : notes.slice(-1);
  return (
    <section className="tl-pinned" aria-label="Pinned notes">
      <ul>
        {shown.map((n) => (
          <li key={n.id}>
            <button type="button" className="tl-pinned-item" onClick={() => onJump(n.id)} title="Show in the conversation">
              <Pin size={12} aria-hidden="true" />
              <span className="tl-pinned-text">{n.text || "(attachment)"}</span>
              <span className="tl-pinned-by">{names.nameOf(n.authorUserId)}</span>
            </button>
          </li>
        ))}
      </ul>
      {notes.length > 2 ? (
        <button type="button" className="btn btn-ghost btn-sm tl-pinned-more" aria-expanded={open} onClick={() => setExpanded((o) => !o)}>
          {open ? "Show fewer" : `All ${notes.length} pinned notes`}
        </button>
      ) : null}
    </section>
  );
}

export function TimelineSkeleton() {
  return (
    <div className="timeline-scroll">
      <div className="timeline" role="status" aria-busy="true" aria-label="Loading messages">
        {[60, 40, 70, 35].map((w, i) => (
          <div key={i} className={`msg ${i % 2 ? "msg-out" : "msg-in"}`}>
            <div className="bubble bubble-skeleton"><Skeleton width={`${w * 4}px`} height={12} /><Skeleton width={`${w * 2}px`} height={12} /></div>
          </div>
        ))}
      </div>
    </div>
  );
}
