import { Eye, FileText, Pin, StickyNote } from "lucide-react";
import { Fragment, useEffect, useMemo, useRef } from "react";
import { Tooltip } from "../../components/ui/Tooltip";
import { dayKey, formatDay, formatFull, formatTime } from "../../lib/time";
import type { ConversationEvent, Message } from "./api";
import { DeliveryTicks } from "./DeliveryTicks";
import { eventText } from "./eventText";

type Item = { kind: "message"; at: string; message: Message } | { kind: "event"; at: string; event: ConversationEvent };

export interface TimelineProps {
  messages: Message[];
  events: ConversationEvent[];
  contactName: string;
  nameOf: (userId: string | null | undefined) => string;
}

export function Timeline({ messages, events, contactName, nameOf }: TimelineProps) {
  const items = useMemo<Item[]>(() => {
    const all: Item[] = [
      ...messages.map((m) => ({ kind: "message" as const, at: m.createdAt, message: m })),
      // The "Created" event only repeats the first message.
      ...events.filter((e) => e.type !== "Created").map((e) => ({ kind: "event" as const, at: e.createdAt, event: e })),
    ];
    return all.sort((a, b) => a.at.localeCompare(b.at));
  }, [messages, events]);

  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [items.length]);

  if (items.length === 0) return <p className="timeline-empty muted">No messages yet. Write the first one below.</p>;

  let lastDay = "";
  return (
    <ol className="timeline" aria-label="Messages">
      {items.map((item) => {
        const day = dayKey(item.at);
        const separator = day !== lastDay ? (
          <li className="day-sep" key={`d-${day}`}>
            <span>{formatDay(item.at)}</span>
          </li>
        ) : null;
        lastDay = day;
        return (
          <Fragment key={item.kind === "message" ? item.message.id : item.event.id}>
            {separator}
            {item.kind === "message" ? (
              <MessageItem m={item.message} contactName={contactName} nameOf={nameOf} />
            ) : (
              <li className="event-line">
                <span>
                  {eventText(item.event.type, actorOf(item.event, contactName, nameOf), item.event.payload)} ·{" "}
                  <Tooltip content={formatFull(item.event.createdAt)}>
                    <time dateTime={item.event.createdAt} tabIndex={0}>{formatTime(item.event.createdAt)}</time>
                  </Tooltip>
                </span>
              </li>
            )}
          </Fragment>
        );
      })}
      <li ref={end} className="timeline-end" aria-hidden="true" />
    </ol>
  );
}

function actorOf(e: ConversationEvent, contactName: string, nameOf: TimelineProps["nameOf"]) {
  switch (e.actorType) {
    case "User": return nameOf(e.actorUserId);
    case "Contact": return contactName;
    case "Bot": return e.actorToken ? `Bot (${e.actorToken.name})` : "A bot";
    default: return "Parley";
  }
}

function MessageItem({ m, contactName, nameOf }: { m: Message; contactName: string; nameOf: TimelineProps["nameOf"] }) {
  const note = m.kind === "Note";
  const out = m.direction === "Out";
  const author = m.authorType === "Contact" ? contactName : m.authorType === "Bot" ? "Bot" : m.authorType === "System" ? "Parley" : nameOf(m.authorUserId);
  const viewed = m.viewedBy[0];
  return (
    <li className={`msg ${note ? "msg-note" : out ? "msg-out" : "msg-in"}`}>
      <div className="bubble">
        {note ? (
          <div className="note-label">
            <StickyNote size={12} aria-hidden="true" /> Internal note · {author}
            {m.isPinned ? <span className="note-pin"><Pin size={12} aria-hidden="true" /> Pinned</span> : null}
          </div>
        ) : out ? (
          <div className="msg-author">{author}</div>
        ) : null}
        {m.text ? <p className="msg-text">{m.text}</p> : null}
        {m.attachments.length ? (
          <ul className="attachments">
            {m.attachments.map((a) => (
              <li key={a.id}>
                <a href={a.url} target="_blank" rel="noreferrer"><FileText size={14} aria-hidden="true" /> {a.fileName}</a>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="msg-meta">
          <Tooltip content={formatFull(m.createdAt)}>
            <time dateTime={m.createdAt} tabIndex={0}>{formatTime(m.createdAt)}</time>
          </Tooltip>
          {out && !note ? <DeliveryTicks message={m} /> : null}
          {!out && viewed ? (
            <Tooltip content={m.viewedBy.map((v) => `Viewed by ${nameOf(v.userId)} ${formatFull(v.viewedAt)}`).join("\n")}>
              <span className="viewed" tabIndex={0} role="img" aria-label={`Viewed by ${nameOf(viewed.userId)} ${formatFull(viewed.viewedAt)}`}>
                <Eye size={12} />
              </span>
            </Tooltip>
          ) : null}
        </div>
      </div>
    </li>
  );
}
