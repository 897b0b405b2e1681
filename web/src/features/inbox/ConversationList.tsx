import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowUp, CircleDashed } from "lucide-react";
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { Avatar } from "../../components/ui/Avatar";
import { Skeleton } from "../../components/ui/Skeleton";
import { Tooltip } from "../../components/ui/Tooltip";
import { contactLabel } from "../../lib/names";
import { formatFull, formatListTime } from "../../lib/time";
import { StatusBadge } from "../conversations/StatusBadge";
import type { Summary } from "./useConversationPages";
import "./inbox.css";

const ROW = 76;
/** Within this many pixels of the top counts as "at the top": new rows just appear. */
const TOP_SLACK = 8;

export interface ConversationListProps {
  items: Summary[];
  hrefOf: (id: string) => string;
  activeId: string | null;
  openId: string | null;
  selected: ReadonlySet<string>;
  onToggleSelect: (id: string, range: boolean) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  channelName?: (id: string) => string | undefined;
  /** Rows waiting above ("3 new — show"), and what shows them. */
  newCount?: number;
  onShowNew?: () => void;
  onAtTopChange?: (atTop: boolean) => void;
}

export function ConversationList(props: ConversationListProps) {
  const { items, activeId, hasNextPage, isFetchingNextPage, fetchNextPage, newCount = 0, onShowNew, onAtTopChange } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const count = items.length + (hasNextPage ? 1 : 0);
  const virtual = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 8,
    getItemKey: (i) => items[i]?.id ?? "loader",
  });
  const rows = virtual.getVirtualItems();
  const last = rows[rows.length - 1];

  // Endless scrolling: ask for the next cursor when the loader row comes near.
  useEffect(() => {
    if (last && last.index >= items.length - 5 && hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [last?.index, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // j/k keep the selected row in view.
  useEffect(() => {
    const i = activeId ? items.findIndex((c) => c.id === activeId) : -1;
    if (i >= 0) virtual.scrollToIndex(i, { align: "auto" });
  }, [activeId]); // eslint-disable-line react-hooks/exhaustive-deps

  // A list that (re)mounts starts at the top; its parent must not go on thinking it is scrolled.
  useEffect(() => onAtTopChange?.(true), []); // eslint-disable-line react-hooks/exhaustive-deps

  const showNew = () => {
    onShowNew?.();
    virtual.scrollToOffset(0);
    scroller.current?.focus({ preventScroll: true });
  };

  return (
    <div className="list-body">
      {newCount > 0 ? (
        <button type="button" className="new-pill" onClick={showNew}>
          <ArrowUp size={14} aria-hidden="true" /> {newCount} new — show
        </button>
      ) : null}
      <div
        ref={scroller}
        className="list-scroll"
        role="list"
        aria-label="Conversations"
        tabIndex={-1}
        onScroll={(e) => onAtTopChange?.(e.currentTarget.scrollTop <= TOP_SLACK)}
      >
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {rows.map((row) => {
            const c = items[row.index];
            return (
              <div key={row.key} role="listitem" className="list-row-wrap" style={{ transform: `translateY(${row.start}px)`, height: row.size }}>
                {c ? <Row c={c} {...props} /> : <RowSkeleton />}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function Row({ c, hrefOf, activeId, openId, selected, onToggleSelect, channelName }: ConversationListProps & { c: Summary }) {
  const name = contactLabel(c.contact);
  const active = c.id === activeId;
  const open = c.id === openId;
  const checked = selected.has(c.id);
  const channel = channelName?.(c.channelId);
  const classes = ["list-row", active && "is-active", open && "is-open", c.unread && "is-unread", checked && "is-checked", selected.size > 0 && "is-selecting"].filter(Boolean).join(" ");
  return (
    <div className={classes} data-id={c.id}>
      <label className="list-check">
        <input
          type="checkbox"
          checked={checked}
          // The click, not the change, carries Shift (a range from the last row clicked).
          onClick={(e) => onToggleSelect(c.id, e.shiftKey)}
          onChange={() => undefined}
          aria-label={`Select conversation with ${name}`}
        />
      </label>
      {/* Named by its visible text (axe: label-content-name-mismatch), "unread" read out after the name. */}
      <Link to={hrefOf(c.id)} className="list-link" aria-current={open ? "page" : undefined}>
        <span className="list-line1">
          {c.unread ? <span className="unread-dot" aria-hidden="true" /> : null}
          <span className="list-name" title={name}>{name}</span>
          {c.unread ? <span className="sr-only">, unread,</span> : null}
          <Tooltip content={formatFull(c.lastActivityAt)}>
            <time className="list-time" dateTime={c.lastActivityAt}>{formatListTime(c.lastActivityAt)}</time>
          </Tooltip>
        </span>
        <span className="list-line2">
          <span className="list-preview">{c.subject ? <strong className="list-subject">{c.subject} · </strong> : null}{c.lastMessagePreview ?? "No messages yet"}</span>
        </span>
        <span className="list-line3">
          <StatusBadge status={c.status} displayStatus={c.displayStatus} />
          {c.priority === "High" || c.priority === "Urgent" ? <span className={`prio prio-${c.priority.toLowerCase()}`}>{c.priority}</span> : null}
          {c.tags.length ? <span className="tag" title={c.tags.join(", ")}>{c.tags[0]}</span> : null}
          {c.tags.length > 1 ? <span className="list-more-tags" title={c.tags.join(", ")}>+{c.tags.length - 1}<span className="sr-only"> more tags</span></span> : null}
          <span className="list-channel" title={channel}>{channel ? <><span className="sr-only">, on </span>{channel}</> : null}</span>
          <span className="list-assignee">
            {c.assignee ? (
              <Avatar name={c.assignee.name} id={c.assignee.id} size={20} title={`Assigned to ${c.assignee.name}`} />
            ) : (
              <span className="list-nobody" title="Unassigned"><CircleDashed size={20} strokeWidth={1.5} aria-hidden="true" /><span className="sr-only">, unassigned</span></span>
            )}
          </span>
        </span>
      </Link>
    </div>
  );
}

export function RowSkeleton() {
  return (
    <div className="list-row list-row-skeleton" aria-hidden="true">
      <span className="list-check" />
      <span className="list-link">
        <span className="list-line1"><Skeleton width="45%" height={12} /><Skeleton width={36} height={10} /></span>
        <span className="list-line2"><Skeleton width="85%" height={10} /></span>
        <span className="list-line3"><Skeleton width={64} height={16} radius={8} /></span>
      </span>
    </div>
  );
}

export function ListSkeleton() {
  return (
    <div className="list-scroll" role="status" aria-busy="true" aria-label="Loading conversations">
      {Array.from({ length: 8 }, (_, i) => <RowSkeleton key={i} />)}
    </div>
  );
}
