import { useQuery } from "@tanstack/react-query";
import { BellOff, CalendarDays, Mail, Phone, X } from "lucide-react";
import { Link } from "react-router";
import { api, describeError, unwrap } from "../../api/client";
import { Avatar } from "../../components/ui/Avatar";
import { Button } from "../../components/ui/Button";
import { Skeleton } from "../../components/ui/Skeleton";
import { contactLabel } from "../../lib/names";
import { formatFull, formatListTime } from "../../lib/time";
import type { Detail } from "../conversations/api";
import { StatusBadge } from "../conversations/StatusBadge";

/** The contact's details and their other conversations (found by their phone through the inbox search). */
export function ContactPanel({ conversation, onClose, hrefOf }: { conversation: Detail; onClose: () => void; hrefOf: (id: string) => string }) {
  const contactId = conversation.contact.id;
  const contact = useQuery({ queryKey: ["contact", contactId], queryFn: () => unwrap(api.GET("/api/v1/contacts/{id}", { params: { path: { id: contactId } } })) });
  const phone = conversation.contact.phone;
  const others = useQuery({
    queryKey: ["contact-conversations", contactId],
    enabled: !!phone,
    queryFn: () => unwrap(api.GET("/api/v1/conversations", { params: { query: { view: "all", q: phone ?? undefined, limit: 20 } } })),
    select: (p) => p.items.filter((c) => c.contact.id === contactId && c.id !== conversation.id),
  });
  const c = contact.data;
  return (
    <aside className="contact-panel" aria-label="Contact">
      <div className="pane-head">
        <h2 className="pane-title">Contact</h2>
        <Button variant="ghost" size="sm" icon aria-label="Close contact panel" onClick={onClose}><X size={16} /></Button>
      </div>
      <div className="contact-body">
        <div className="contact-hero">
          <Avatar name={contactLabel(conversation.contact)} id={contactId} size={48} />
          <div>
            <div className="contact-name">{contactLabel(conversation.contact)}</div>
            {c?.optedOut ? <span className="badge badge-red"><BellOff size={12} aria-hidden="true" /> Opted out</span> : null}
          </div>
        </div>
        {contact.isPending ? (
          <div className="stack"><Skeleton width="70%" /><Skeleton width="50%" /></div>
        ) : contact.isError ? (
          <p className="alert alert-error" role="alert">{describeError(contact.error)}</p>
        ) : c ? (
          <dl className="contact-facts">
            <dt><Phone size={14} aria-label="Phone" /></dt><dd>{c.phone ?? <span className="muted">No phone</span>}</dd>
            <dt><Mail size={14} aria-label="Email" /></dt><dd>{c.email ?? <span className="muted">No email</span>}</dd>
            <dt><CalendarDays size={14} aria-label="Contact since" /></dt><dd className="small muted">Contact since {formatFull(c.createdAt)}</dd>
          </dl>
        ) : null}
        <h3 className="section-title">Conversation</h3>
        <dl className="kv">
          <dt>Status</dt><dd><StatusBadge status={conversation.status} displayStatus={conversation.displayStatus} /></dd>
          <dt>Assignee</dt><dd>{conversation.assignee?.name ?? <span className="muted">Unassigned</span>}</dd>
          <dt>Priority</dt><dd>{conversation.priority}</dd>
          <dt>Tags</dt><dd>{conversation.tags.length ? conversation.tags.map((t) => <span className="tag" key={t}>{t}</span>) : <span className="muted">None</span>}</dd>
          <dt>Started</dt><dd className="small">{formatFull(conversation.createdAt)}</dd>
        </dl>
        <h3 className="section-title">Other conversations</h3>
        {others.isPending && phone ? <Skeleton width="80%" /> : null}
        {others.data?.length === 0 || !phone ? <p className="muted small">No other conversations with this contact.</p> : null}
        <ul className="other-list">
          {others.data?.map((o) => (
            <li key={o.id}>
              <Link to={hrefOf(o.id)} className="other">
                <span className="other-preview">{o.lastMessagePreview ?? "No messages"}</span>
                <span className="other-meta"><StatusBadge status={o.status} displayStatus={o.displayStatus} /> <span className="muted small">{formatListTime(o.lastActivityAt)}</span></span>
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
