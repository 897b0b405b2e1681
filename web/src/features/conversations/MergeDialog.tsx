import { useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useState } from "react";
import { api, ApiError, describeError, unwrap, type Schemas } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { contactLabel } from "../../lib/names";
import { formatListTime } from "../../lib/time";
import { useMerge, type Detail } from "./api";
import { StatusBadge } from "./StatusBadge";

type Summary = Schemas["ConversationSummary"];

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A conversation id in what was pasted: the id itself, or a link to the conversation. */
export function pastedId(text: string): string | null {
  return text.match(uuid)?.[0].toLowerCase() ?? null;
}

/**
 * Merge two conversations of the same contact. The one that stays keeps everything of the other
 * (messages, notes, events, tags, reminders); the other is gone. Candidates are the contact's other
 * conversations (found by their phone or name); any other id can be pasted.
 */
export function MergeDialog({ conversation, open, onOpenChange, onMerged }: { conversation: Detail; open: boolean; onOpenChange: (open: boolean) => void; onMerged: (survivorId: string) => void }) {
  const merge = useMerge();
  const [q, setQ] = useState("");
  const [picked, setPicked] = useState<{ id: string; label: string } | null>(null);
  const [keep, setKeep] = useState<"this" | "other">("this");
  const contact = conversation.contact;
  const search = contact.phone ?? contact.name ?? "";
  const candidates = useQuery({
    queryKey: ["contact-conversations", contact.id, "merge"],
    enabled: open && !!search,
    queryFn: () => unwrap(api.GET("/api/v1/conversations", { params: { query: { view: "all", q: search, limit: 50 } } })),
    select: (p) => p.items.filter((c) => c.contact.id === contact.id && c.id !== conversation.id && c.status !== "Deleted"),
  });
  const needle = q.trim().toLowerCase();
  const idInQuery = pastedId(q);
  const shown = (candidates.data ?? []).filter((c) => !needle || idInQuery || [c.lastMessagePreview, c.subject, c.displayStatus, ...c.tags].some((t) => t?.toLowerCase().includes(needle)));

  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      setQ("");
      setPicked(null);
      setKeep("this");
      merge.reset();
    }
  };
  const submit = () => {
    if (!picked) return;
    const [from, into] = keep === "this" ? [picked.id, conversation.id] : [conversation.id, picked.id];
    merge.mutate({ from, into }, { onSuccess: (survivor) => (close(false), onMerged(survivor.id)) });
  };
  const error = merge.error ? (merge.error instanceof ApiError ? merge.error.field("intoId") ?? describeError(merge.error) : describeError(merge.error)) : null;
  const label = (c: Summary) => c.subject || c.lastMessagePreview || "No messages";

  return (
    <Dialog open={open} onOpenChange={close} title="Merge conversations" wide>
      <p className="muted">
        Merge another conversation with {contactLabel(contact)} into this one, or this one into it. The one that stays gets all the
        messages, notes, events, tags and reminders of the other; the other one is removed.
      </p>
      <div className="search-field">
        <Search size={14} aria-hidden="true" />
        <input autoFocus aria-label="Find a conversation, or paste its id or link" placeholder="Find a conversation, or paste its id or link" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <fieldset className="merge-candidates">
        <legend className="sr-only">The other conversation</legend>
        {idInQuery && idInQuery !== conversation.id && !shown.some((c) => c.id === idInQuery) ? (
          <label className="merge-option">
            <input type="radio" name="merge-target" checked={picked?.id === idInQuery} onChange={() => setPicked({ id: idInQuery, label: `conversation ${idInQuery}` })} />
            <span>The conversation with id <code>{idInQuery}</code></span>
          </label>
        ) : null}
        {candidates.isPending && open && search ? <p className="muted small" role="status">Looking for the contact’s other conversations…</p> : null}
        {candidates.isError ? <p className="field-error" role="alert">{describeError(candidates.error)}</p> : null}
        {candidates.data && shown.length === 0 && !idInQuery ? (
          <p className="muted small">{candidates.data.length ? "No other conversation matches." : `${contactLabel(contact)} has no other open conversation here. Paste an id or link to merge another one.`}</p>
        ) : null}
        {shown.map((c) => (
          <label key={c.id} className="merge-option">
            <input type="radio" name="merge-target" checked={picked?.id === c.id} onChange={() => setPicked({ id: c.id, label: `“${label(c)}”` })} />
            <span className="merge-option-text">{label(c)}</span>
            <StatusBadge status={c.status} displayStatus={c.displayStatus} />
            <span className="muted small">{formatListTime(c.lastActivityAt)}</span>
          </label>
        ))}
      </fieldset>
      {picked ? (
        <fieldset className="merge-keep">
          <legend>Which one stays?</legend>
          <label className="merge-option">
            <input type="radio" name="merge-keep" checked={keep === "this"} onChange={() => setKeep("this")} />
            <span>This conversation stays; {picked.label} is merged into it and removed.</span>
          </label>
          <label className="merge-option">
            <input type="radio" name="merge-keep" checked={keep === "other"} onChange={() => setKeep("other")} />
            <span>{picked.label} stays; this conversation is merged into it and removed. You will be taken there.</span>
          </label>
        </fieldset>
      ) : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="dialog-actions">
        <Button onClick={() => close(false)}>Cancel</Button>
        <Button variant="primary" disabled={!picked || merge.isPending} onClick={submit}>{merge.isPending ? "Merging…" : "Merge"}</Button>
      </div>
    </Dialog>
  );
}
