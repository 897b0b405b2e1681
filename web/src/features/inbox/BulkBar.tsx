import * as Popover from "@radix-ui/react-popover";
import { Archive, CheckCircle2, Mail, MailOpen, Tag, UserPlus, X } from "lucide-react";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { Button } from "../../components/ui/Button";
import { Tooltip } from "../../components/ui/Tooltip";
import type { BulkKind } from "./bulk";

export interface BulkBarProps {
  count: number;
  total: number;
  busy?: boolean;
  onRun: (kind: Exclude<BulkKind, "assign" | "tag">) => void;
  onAssign: () => void;
  onTag: (tag: string) => void;
  onSelectAll: () => void;
  onClear: () => void;
  tagOpen: boolean;
  onTagOpenChange: (open: boolean) => void;
  tagSuggestions?: readonly string[];
}

/** `short` is the visible word at desktop width (part of the accessible name, so speech control finds it); phones get the icon only. */
function Action({ label, short, keys, onClick, children, disabled }: { label: string; short?: string; keys?: string; onClick: () => void; children: ReactNode; disabled?: boolean }) {
  return (
    <Tooltip content={keys ? `${label} (${keys})` : label}>
      <Button variant="ghost" size="sm" icon={!short} className={short ? "bulk-action" : undefined} aria-label={label} onClick={onClick} disabled={disabled}>
        {children}
        {short ? <span className="bulk-label" aria-hidden="true">{short}</span> : null}
      </Button>
    </Tooltip>
  );
}

/** What to do with every selected conversation at once. */
export function BulkBar({ count, total, busy, onRun, onAssign, onTag, onSelectAll, onClear, tagOpen, onTagOpenChange, tagSuggestions = [] }: BulkBarProps) {
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <div className="bulk-head">
        <span className="bulk-count" aria-live="polite">{count} selected</span>
        {count < total ? <Button variant="ghost" size="sm" className="bulk-all" onClick={onSelectAll}>All {total}</Button> : null}
        <Action label="Clear selection" keys="Esc" onClick={onClear}><X size={14} /></Action>
      </div>
      <div className="bulk-actions">
        <Action label="Mark read" short="Read" onClick={() => onRun("read")} disabled={busy}><MailOpen size={14} /></Action>
        <Action label="Mark unread" short="Unread" keys="u" onClick={() => onRun("unread")} disabled={busy}><Mail size={14} /></Action>
        <Action label="Assign" short="Assign" keys="a" onClick={onAssign} disabled={busy}><UserPlus size={14} /></Action>
        <TagPopover open={tagOpen} onOpenChange={onTagOpenChange} onTag={onTag} count={count} suggestions={tagSuggestions} disabled={busy} />
        <Action label="Resolve" short="Resolve" keys="Shift+E" onClick={() => onRun("resolve")} disabled={busy}><CheckCircle2 size={14} /></Action>
        <Action label="Archive" short="Archive" keys="e" onClick={() => onRun("archive")} disabled={busy}><Archive size={14} /></Action>
      </div>
    </div>
  );
}

function TagPopover({ open, onOpenChange, onTag, count, suggestions, disabled }: { open: boolean; onOpenChange: (o: boolean) => void; onTag: (tag: string) => void; count: number; suggestions: readonly string[]; disabled?: boolean }) {
  const [tag, setTag] = useState("");
  const id = useId();
  const clean = tag.trim().toLowerCase();
  const matches = [...new Set(suggestions)].filter((s) => s !== clean && (!clean || s.includes(clean))).sort().slice(0, 6);
  const add = (value: string) => {
    if (!value) return;
    onTag(value);
    setTag("");
    onOpenChange(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add(clean);
  };
  return (
    <Popover.Root open={open} onOpenChange={onOpenChange}>
      <Tooltip content="Add a tag (t)">
        <Popover.Trigger asChild>
          <Button variant="ghost" size="sm" className="bulk-action" aria-label="Add a tag" disabled={disabled}><Tag size={14} /><span className="bulk-label" aria-hidden="true">Tag</span></Button>
        </Popover.Trigger>
      </Tooltip>
      <Popover.Portal>
        <Popover.Content className="filter-pop tag-pop" align="end" sideOffset={4} aria-label="Add a tag to the selected conversations">
          <form onSubmit={submit} className="tag-form">
            <label htmlFor={id} className="tag-form-label">Tag {count === 1 ? "1 conversation" : `${count} conversations`}</label>
            <div className="tag-form-row">
              <input id={id} className="filter-find" autoFocus maxLength={50} placeholder="e.g. refund" value={tag} onChange={(e) => setTag(e.target.value)} />
              <Button type="submit" variant="primary" size="sm" disabled={!clean}>Add</Button>
            </div>
          </form>
          {matches.length ? (
            <ul className="filter-options" aria-label="Tags in this list">
              {matches.map((s) => (
                <li key={s}><button type="button" className="filter-option" onClick={() => add(s)}><Tag size={12} aria-hidden="true" /> {s}</button></li>
              ))}
            </ul>
          ) : null}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
