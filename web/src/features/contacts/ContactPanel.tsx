import { ArrowLeft, BellOff, CalendarDays, Fingerprint, Mail, Pencil, Phone, X } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { describeError } from "../../api/client";
import { Avatar } from "../../components/ui/Avatar";
import { Button } from "../../components/ui/Button";
import { Skeleton } from "../../components/ui/Skeleton";
import { Tooltip } from "../../components/ui/Tooltip";
import { contactLabel } from "../../lib/names";
import { formatPhone } from "../../lib/phone";
import { formatFull, formatListTime } from "../../lib/time";
import type { Detail } from "../conversations/api";
import { StatusBadge } from "../conversations/StatusBadge";
import { useDirectoryNames } from "../directory/directory";
import { optedOutAt, useContact, useContactConversations, useUpdateContact } from "./api";
import { ContactForm } from "./ContactForm";
import "./contacts.css";

/** The contact's details, edit, "Save as contact" for an unknown sender, and their other conversations. */
export function ContactPanel({ conversation, onClose, hrefOf }: { conversation: Detail; onClose: () => void; hrefOf: (id: string) => string }) {
  const contactId = conversation.contact.id;
  const contact = useContact(contactId);
  const update = useUpdateContact(contactId);
  const others = useContactConversations(contactId);
  const { channelName, directory } = useDirectoryNames();
  const [editing, setEditing] = useState(false);
  const c = contact.data;
  const label = contactLabel(c ?? conversation.contact);
  const unknown = c ? !c.name?.trim() : !conversation.contact.name?.trim();
  const otherConversations = others.data?.filter((o) => o.id !== conversation.id);
  const since = c ? optedOutAt(c) : null;

  return (
    <aside className="contact-panel" aria-label="Contact">
      <div className="pane-head">
        <Button variant="ghost" size="sm" icon className="only-phone" aria-label="Back to the conversation" onClick={onClose}><ArrowLeft size={16} /></Button>
        <h2 className="pane-title">Contact</h2>
        {c && !editing ? (
          <Tooltip content="Edit contact">
            <Button variant="ghost" size="sm" icon aria-label="Edit contact" onClick={() => setEditing(true)}><Pencil size={14} /></Button>
          </Tooltip>
        ) : null}
        <Button variant="ghost" size="sm" icon className="hide-phone" aria-label="Close contact panel" onClick={onClose}><X size={16} /></Button>
      </div>
      <div className="contact-body">
        <div className="contact-hero">
          <Avatar name={label} id={contactId} size={48} />
          <div className="contact-hero-text">
            <div className="contact-name" title={label}>{formatPhone(label)}</div>
            {unknown ? <span className="muted small">Unknown sender</span> : c?.phone ? <a className="muted small contact-hero-phone" href={`tel:${c.phone}`} title={c.phone}>{formatPhone(c.phone)}</a> : null}
          </div>
        </div>
        {c?.optedOut ? (
          <p className="contact-optout" role="note">
            <BellOff size={14} aria-hidden="true" />
            <span><strong>Opted out</strong>{since ? <> since <time dateTime={since}>{formatFull(since)}</time></> : null}. Parley sends this contact nothing until they write START.</span>
          </p>
        ) : null}

        {contact.isPending ? (
          <div className="stack"><Skeleton width="70%" /><Skeleton width="50%" /></div>
        ) : contact.isError ? (
          <div className="alert alert-error" role="alert">
            The contact could not be loaded: {describeError(contact.error)}{" "}
            <Button size="sm" variant="ghost" onClick={() => contact.refetch()}>Try again</Button>
          </div>
        ) : c && editing ? (
          <ContactForm contact={c} onSave={(changes) => update.mutateAsync(changes)} onDone={() => setEditing(false)} />
        ) : c ? (
          <>
            {unknown ? (
              <section className="contact-save" aria-label="Save as contact">
                <p className="small muted">This sender is not a contact yet. Give them a name to find them by it.</p>
                <ContactForm key={c.updatedAt} contact={c} onSave={(changes) => update.mutateAsync(changes)} onDone={() => undefined} nameOnly />
              </section>
            ) : null}
            <dl className="contact-facts">
              <dt><Phone size={14} aria-label="Phone" /></dt><dd>{c.phone ? <span title={c.phone}>{formatPhone(c.phone)}</span> : <span className="muted">No phone</span>}</dd>
              <dt><Mail size={14} aria-label="Email" /></dt><dd>{c.email ?? <span className="muted">No email</span>}</dd>
              <dt><Fingerprint size={14} aria-label="External id" /></dt><dd>{c.externalId ?? <span className="muted">No external id</span>}</dd>
              <dt><CalendarDays size={14} aria-label="Contact since" /></dt><dd className="small muted">Contact since {formatFull(c.createdAt)}</dd>
            </dl>
          </>
        ) : null}

        <h3 className="section-title">Conversation</h3>
        <dl className="kv">
          <dt>Status</dt><dd><StatusBadge status={conversation.status} displayStatus={conversation.displayStatus} /></dd>
          <dt>Assignee</dt><dd>{conversation.assignee?.name ?? <span className="muted">Unassigned</span>}</dd>
          <dt>Channel</dt><dd>{channelName(conversation.channelId) ?? <span className="muted">{directory ? "Unknown channel" : "…"}</span>}</dd>
          <dt>Priority</dt><dd>{conversation.priority}</dd>
          <dt>Tags</dt><dd>{conversation.tags.length ? conversation.tags.map((t) => <span className="tag" key={t}>{t}</span>) : <span className="muted">None</span>}</dd>
          <dt>Started</dt><dd className="small">{formatFull(conversation.createdAt)}</dd>
        </dl>

        <h3 className="section-title">Other conversations</h3>
        {others.isPending ? (
          <div className="stack"><Skeleton width="90%" height={36} /><Skeleton width="90%" height={36} /></div>
        ) : others.isError ? (
          <p className="small muted" role="alert">They could not be loaded: {describeError(others.error)}</p>
        ) : otherConversations?.length === 0 ? (
          <p className="muted small">No other conversations with this contact.</p>
        ) : (
          <ul className="other-list">
            {otherConversations?.map((o) => (
              <li key={o.id}>
                <Link to={hrefOf(o.id)} className="other">
                  <span className="other-preview">{o.subject ? <strong>{o.subject} · </strong> : null}{o.lastMessagePreview ?? "No messages"}</span>
                  <span className="other-meta">
                    <StatusBadge status={o.status} displayStatus={o.displayStatus} />
                    <span className="muted small other-channel">{channelName(o.channelId)}</span>
                    <time className="muted small other-time" dateTime={o.lastActivityAt}>{formatListTime(o.lastActivityAt)}</time>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </aside>
  );
}
