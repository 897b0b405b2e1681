import * as Popover from "@radix-ui/react-popover";
import { Check, X } from "lucide-react";
import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { useSearchParams } from "react-router";
import { Button } from "../../components/ui/Button";
import { isAdmin, useMe } from "../auth/useMe";
import { statusLabels } from "../conversations/StatusBadge";
import { useDirectoryNames } from "../directory/directory";
import { activeFilterCount, readFilters, withFilter, withoutFilters, type FilterKey } from "./filters";
import type { StatusFilter } from "./views";
import "./inbox.css";

interface Option {
  value: string;
  label: string;
  hint?: string;
}

const statusOptions = (admin: boolean): Option[] =>
  (Object.keys(statusLabels) as StatusFilter[])
    .filter((s) => admin || s !== "Deleted")
    .map((s) => ({ value: s, label: s === "Open" ? "New / In progress" : statusLabels[s] }));

/** Status, channel, tag and assignee above the list; every choice is a URL parameter (filters.ts). */
export function FilterBar({ tagSuggestions = [] }: { tagSuggestions?: readonly string[] }) {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const me = useMe();
  const admin = isAdmin(me.data);
  const { directory, channelName, userName } = useDirectoryNames();
  // A push, not a replace: Back undoes a filter the way it undoes opening a conversation.
  const set = (key: FilterKey, value: string | undefined) => setParams(withFilter(params, key, value));

  const channels = useMemo<Option[]>(
    () => [...(directory?.channels ?? [])].sort((a, b) => a.name.localeCompare(b.name)).map((c) => ({ value: c.id, label: c.name, hint: c.type === "WhatsApp" ? "WhatsApp" : c.type === "Sms" ? "SMS" : "API" })),
    [directory],
  );
  const people = useMemo<Option[]>(() => {
    const meId = me.data?.user.id;
    const others = [...(directory?.users ?? [])].filter((u) => u.id !== meId).sort((a, b) => a.name.localeCompare(b.name)).map((u) => ({ value: u.id, label: u.name }));
    return meId ? [{ value: meId, label: "Me", hint: me.data?.user.name }, ...others] : others;
  }, [directory, me.data]);
  const tags = useMemo<Option[]>(() => [...new Set(tagSuggestions)].sort().map((t) => ({ value: t, label: t })), [tagSuggestions]);

  const assigneeLabel = filters.assigneeId === me.data?.user.id ? "Me" : userName(filters.assigneeId) ?? (filters.assigneeId ? "Someone" : undefined);
  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      <FilterPicker label="Status" value={filters.status} valueLabel={filters.status && (filters.status === "Open" ? "New / In progress" : statusLabels[filters.status])} options={statusOptions(admin)} onPick={(v) => set("status", v)} />
      <FilterPicker label="Channel" value={filters.channelId} valueLabel={channelName(filters.channelId) ?? (filters.channelId ? "A channel" : undefined)} options={channels} onPick={(v) => set("channelId", v)} searchable empty="No channels yet." />
      <FilterPicker label="Tag" value={filters.tag} valueLabel={filters.tag} options={tags} onPick={(v) => set("tag", v?.toLowerCase())} freeText empty="Type a tag and press Enter." />
      <FilterPicker label="Assignee" value={filters.assigneeId} valueLabel={assigneeLabel} options={people} onPick={(v) => set("assigneeId", v)} searchable />
      <button type="button" className={`chip${filters.unread ? " is-set" : ""}`} aria-pressed={!!filters.unread} onClick={() => set("unread", filters.unread ? undefined : "1")}>
        Unread
      </button>
      {activeFilterCount(filters) ? (
        <Button variant="ghost" size="sm" className="filter-clear" aria-label="Clear all filters" onClick={() => setParams(withoutFilters(params))}>
          Clear
        </Button>
      ) : null}
    </div>
  );
}

function FilterPicker({ label, value, valueLabel, options, onPick, searchable, freeText, empty }: {
  label: string;
  value: string | undefined;
  valueLabel: string | undefined;
  options: Option[];
  onPick: (value: string | undefined) => void;
  searchable?: boolean;
  freeText?: boolean;
  empty?: string;
}) {
  const [open, setOpen] = useState(false);
  const [needle, setNeedle] = useState("");
  const inputId = useId();
  const lower = needle.trim().toLowerCase();
  const shown = lower ? options.filter((o) => o.label.toLowerCase().includes(lower) || o.hint?.toLowerCase().includes(lower)) : options;
  const pick = (v: string | undefined) => {
    onPick(v);
    setOpen(false);
    setNeedle("");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (freeText && lower) pick(lower);
    else if (shown.length === 1) pick(shown[0].value);
  };
  const name = label.toLowerCase();
  return (
    <span className={`chip-group${value ? " is-set" : ""}`}>
      <Popover.Root open={open} onOpenChange={(o) => (setOpen(o), o || setNeedle(""))}>
        <Popover.Trigger asChild>
          <button type="button" className="chip">
            <span className="chip-text">{valueLabel ? `${label}: ${valueLabel}` : label}</span>
          </button>
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content className="filter-pop" align="start" sideOffset={4} aria-label={`Filter by ${name}`}>
            {searchable || freeText ? (
              <>
                <label htmlFor={inputId} className="sr-only">{freeText ? "Tag" : `Find a ${name}`}</label>
                <input id={inputId} className="filter-find" autoFocus placeholder={freeText ? "Type a tag" : `Find a ${name}`} value={needle} onChange={(e) => setNeedle(e.target.value)} onKeyDown={onKeyDown} />
              </>
            ) : null}
            <ul className="filter-options">
              <li>
                <button type="button" className="filter-option" aria-pressed={!value} onClick={() => pick(undefined)}>
                  <span className="filter-check">{!value ? <Check size={14} aria-hidden="true" /> : null}</span>
                  Any {name}
                </button>
              </li>
              {freeText && lower && !options.some((o) => o.value === lower) ? (
                <li>
                  <button type="button" className="filter-option" aria-pressed={false} onClick={() => pick(lower)}>
                    <span className="filter-check" />
                    Tagged “{lower}”
                  </button>
                </li>
              ) : null}
              {shown.map((o) => (
                <li key={o.value}>
                  <button type="button" className="filter-option" aria-pressed={o.value === value} onClick={() => pick(o.value)}>
                    <span className="filter-check">{o.value === value ? <Check size={14} aria-hidden="true" /> : null}</span>
                    <span className="filter-option-label">{o.label}</span>
                    {o.hint ? <span className="filter-option-hint">{o.hint}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
            {shown.length === 0 && !(freeText && lower) ? <p className="filter-empty">{lower ? "Nothing matches." : empty}</p> : null}
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
      {value ? (
        <button type="button" className="chip-clear" aria-label={`Clear ${name} filter`} onClick={() => onPick(undefined)}>
          <X size={12} aria-hidden="true" />
        </button>
      ) : null}
    </span>
  );
}
