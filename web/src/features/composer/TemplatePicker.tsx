import * as Popover from "@radix-ui/react-popover";
import { FileText, Search } from "lucide-react";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { describeError } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Tooltip } from "../../components/ui/Tooltip";
import { useDebounced, useTemplateSearch, type Template, type TemplateKind } from "./api";

export const kindLabel = (t: Template) => (t.kind === "WhatsApp" ? `WhatsApp template${t.language ? ` · ${t.language}` : ""}` : "Quick reply");

/**
 * Search and pick a template: the search box is a combobox over the list (arrows move, Enter
 * picks, Esc closes), searching by name as you type. `kind` narrows the list (only approved
 * WhatsApp templates once the care window is closed); a WhatsApp template registered for another
 * channel is left out, since the server would refuse it here.
 */
export function TemplatePicker({ open, onOpenChange, kind, channelId, onPick, onSlash, onClosed, trigger, tooltip, onlyApproved }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  kind: TemplateKind | undefined;
  channelId: string;
  onPick: (template: Template) => void;
  /** "/" typed into an empty search: the person wanted a slash, not a template. */
  onSlash?: () => void;
  onClosed: () => void;
  trigger: ReactNode;
  tooltip: string;
  onlyApproved: boolean;
}) {
  return (
    <Popover.Root open={open} onOpenChange={onOpenChange}>
      <Tooltip content={tooltip}>
        <Popover.Trigger asChild>{trigger}</Popover.Trigger>
      </Tooltip>
      <Popover.Portal>
        <Popover.Content
          className="popover template-popover"
          side="top"
          align="start"
          sideOffset={6}
          collisionPadding={8}
          aria-label="Templates"
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            onClosed();
          }}
        >
          <TemplateSearch kind={kind} channelId={channelId} onPick={onPick} onSlash={onSlash} onlyApproved={onlyApproved} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

function TemplateSearch({ kind, channelId, onPick, onSlash, onlyApproved }: { kind: TemplateKind | undefined; channelId: string; onPick: (t: Template) => void; onSlash?: () => void; onlyApproved: boolean }) {
  const [query, setQuery] = useState("");
  const q = useDebounced(query.trim(), 200);
  const search = useTemplateSearch(q, kind, true);
  const items = (search.data?.items ?? []).filter((t) => t.kind !== "WhatsApp" || !t.channelId || t.channelId === channelId);
  const [active, setActive] = useState(0);
  const id = useId();
  const list = useRef<HTMLUListElement>(null);
  const current = items.length ? Math.min(active, items.length - 1) : -1;
  const optionId = (i: number) => `${id}-opt-${i}`;

  useEffect(() => setActive(0), [q]);
  useEffect(() => {
    if (current >= 0) list.current?.children[current]?.scrollIntoView?.({ block: "nearest" });
  }, [current]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!items.length) return;
      setActive((current + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length);
    } else if (e.key === "Home" && items.length && !query) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === "End" && items.length && !query) {
      e.preventDefault();
      setActive(items.length - 1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (current >= 0) onPick(items[current]);
    } else if (e.key === "/" && query === "" && onSlash) {
      e.preventDefault();
      onSlash();
    }
  };

  const waiting = search.isPending || (q !== query.trim());
  return (
    <div className="template-search">
      <div className="search-field">
        <Search size={14} aria-hidden="true" />
        <input
          type="text"
          role="combobox"
          aria-label="Search templates by name"
          aria-expanded={true}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={current >= 0 ? optionId(current) : undefined}
          placeholder={onlyApproved ? "Search approved templates" : "Search templates"}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      {onlyApproved ? <p className="muted small">Only approved WhatsApp templates can be sent now.</p> : null}
      <ul ref={list} id={`${id}-list`} role="listbox" aria-label="Templates" aria-busy={waiting || undefined} className="template-list">
        {items.map((t, i) => (
          <li
            key={t.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className="template-option"
            onMouseMove={() => i !== current && setActive(i)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(t)}
          >
            <span className="template-option-head">
              <FileText size={14} aria-hidden="true" />
              <span className="template-name">{t.name}</span>
              <span className="template-kind">{kindLabel(t)}</span>
            </span>
            <span className="template-text">{t.text}</span>
          </li>
        ))}
      </ul>
      {search.isError ? (
        <div className="template-state" role="alert">
          <p>The templates could not be loaded: {describeError(search.error)}</p>
          <Button size="sm" onClick={() => search.refetch()}>Try again</Button>
        </div>
      ) : search.isPending ? (
        <p className="template-state muted" role="status">Loading templates…</p>
      ) : items.length === 0 ? (
        <div className="template-state" role="status">
          {q ? <p>No template name starts with “{q}”.</p> : <p>{onlyApproved ? "No approved WhatsApp template yet." : "No templates yet."}</p>}
          <p className="muted small">Admins create templates in Settings → Templates.</p>
        </div>
      ) : search.data?.nextCursor ? (
        <p className="template-state muted small">Showing the first {search.data.items.length}: type to narrow the list.</p>
      ) : null}
    </div>
  );
}
