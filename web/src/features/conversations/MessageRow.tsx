import { AlertTriangle, Eye, FileText, Loader2, Pin, PinOff, StickyNote } from "lucide-react";
import type { Schemas } from "../../api/client";
import { LazyTooltip, Tooltip } from "../../components/ui/Tooltip";
import { formatFull, formatTime } from "../../lib/time";
import type { ConversationEvent, Message } from "./api";
import { DeliveryTicks } from "./DeliveryTicks";
import { eventText } from "./eventText";
import { fileSize, timeNear } from "./timelineModel";

export interface Names {
  /** A teammate's name for a sentence's subject: "You", "Ada", "A teammate". */
  nameOf: (userId: string | null | undefined) => string;
  contactName: string;
  /** A team's name for "moved it to Support"; without it the line says "another team". */
  teamName?: (teamId: string) => string | undefined;
}

export function actorOf(e: ConversationEvent, names: Names): string {
  switch (e.actorType) {
    case "User": return names.nameOf(e.actorUserId);
    case "Contact": return names.contactName;
    case "Bot": return e.actorToken ? `Bot (${e.actorToken.name})` : "A bot";
    default: return "Parley";
  }
}

/** One small centred line: "Ada archived this conversation · 14:02". */
export function EventLine({ event, names }: { event: ConversationEvent; names: Names }) {
  return (
    <div className="tl-event">
      <span>
        {eventText(event.type, actorOf(event, names), event.payload, { person: names.nameOf, team: names.teamName })} ·{" "}
        <LazyTooltip content={formatFull(event.createdAt)}>
          <time dateTime={event.createdAt} tabIndex={0}>{formatTime(event.createdAt)}</time>
        </LazyTooltip>
      </span>
    </div>
  );
}

/** "Viewed by Ada 14:02", one line per teammate, the time with its day when it was not that day. */
export function viewedText(m: Pick<Message, "viewedBy" | "createdAt">, nameOf: Names["nameOf"]): string[] {
  return m.viewedBy.map((v) => {
    const name = nameOf(v.userId);
    return `Viewed by ${name === "You" ? "you" : name} ${timeNear(v.viewedAt, m.createdAt)}`;
  });
}

type Attachment = Schemas["AttachmentResponse"];

function AttachmentItem({ a }: { a: Attachment }) {
  if (a.status === "Failed")
    return (
      <li className="att-chip att-failed">
        <AlertTriangle size={14} aria-hidden="true" /> <span className="att-name">{a.fileName}</span>
        <span className="att-size">{a.error?.trim() || "could not be stored"}</span>
      </li>
    );
  if (a.status === "Pending")
    return (
      <li className="att-chip">
        <Loader2 size={14} aria-hidden="true" /> <span className="att-name">{a.fileName}</span> <span className="att-size">storing…</span>
      </li>
    );
  if (a.contentType.startsWith("image/"))
    return (
      <li>
        <a className="att-thumb" href={a.url} target="_blank" rel="noreferrer" aria-label={`${a.fileName} (image, ${fileSize(a.size)}), opens in a new tab`}>
          <img src={a.url} alt="" loading="lazy" decoding="async" />
        </a>
      </li>
    );
  return (
    <li>
      <a className="att-chip" href={a.url} target="_blank" rel="noreferrer" download={a.fileName}>
        <FileText size={14} aria-hidden="true" /> <span className="att-name">{a.fileName}</span> <span className="att-size">{fileSize(a.size)}</span>
      </a>
    </li>
  );
}

export interface MessageRowProps {
  m: Message;
  names: Names;
  onPin?: (messageId: string, pinned: boolean) => void;
  highlighted?: boolean;
}

/** A customer message (left), our reply (right, with ticks) or an internal note (tinted, pinnable). */
export function MessageRow({ m, names, onPin, highlighted }: MessageRowProps) {
  const note = m.kind === "Note";
  const out = m.direction === "Out";
  const author = m.authorType === "Contact" ? names.contactName : m.authorType === "Bot" ? "Bot" : m.authorType === "System" ? "Parley" : names.nameOf(m.authorUserId);
  const viewed = !out && !note ? viewedText(m, names.nameOf) : [];
  const side = note ? "tl-note" : out ? "tl-out" : "tl-in";
  return (
    <div className={`tl-msg ${side}${highlighted ? " tl-highlight" : ""}`} data-message-id={m.id} tabIndex={-1}>
      <div className="tl-bubble">
        {note ? (
          <div className="tl-note-head">
            <StickyNote size={12} aria-hidden="true" />
            <span>Internal note · {author}</span>
            {m.isPinned ? <span className="tl-pinned-label"><Pin size={12} aria-hidden="true" /> Pinned</span> : null}
            {/* The pin button keeps the eager tooltip: remounting it mid-click would lose the click. */}
            {onPin ? (
              <Tooltip content={m.isPinned ? "Unpin" : "Pin to the top"}>
                <button type="button" className="btn btn-ghost btn-icon btn-sm tl-pin" aria-label={m.isPinned ? "Unpin note" : "Pin note"} aria-pressed={m.isPinned} onClick={() => onPin(m.id, !m.isPinned)}>
                  {m.isPinned ? <PinOff size={14} /> : <Pin size={14} />}
                </button>
              </Tooltip>
            ) : null}
          </div>
        ) : out ? (
          <div className="tl-author">{author}</div>
        ) : null}
        {m.text ? <p className="tl-text">{m.text}</p> : null}
        {m.attachments.length ? <ul className="tl-attachments" aria-label="Attachments">{m.attachments.map((a) => <AttachmentItem key={a.id} a={a} />)}</ul> : null}
        <div className="tl-meta">
          <LazyTooltip content={formatFull(m.createdAt)}>
            <time dateTime={m.createdAt} tabIndex={0}>{formatTime(m.createdAt)}</time>
          </LazyTooltip>
          {out && !note ? <DeliveryTicks message={m} /> : null}
          {viewed.length ? (
            <LazyTooltip content={viewed.join("\n")}>
              <span className="tl-viewed" tabIndex={0} role="img" aria-label={viewed.join("; ")}>
                <Eye size={12} />
              </span>
            </LazyTooltip>
          ) : null}
        </div>
      </div>
    </div>
  );
}
