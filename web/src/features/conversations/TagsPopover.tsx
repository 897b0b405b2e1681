import * as Popover from "@radix-ui/react-popover";
import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { Plus, Tag, X } from "lucide-react";
import { useMemo, useState, type KeyboardEvent } from "react";
import type { Schemas } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Tooltip } from "../../components/ui/Tooltip";
import { useUpdateConversation, type Detail } from "./api";

type ListPage = Schemas["PageOfConversationSummary"];

/** The server keeps tags trimmed and lower-case (UpdateConversation.cs); the screen shows them so at once. */
export const normalizeTag = (tag: string) => tag.trim().toLowerCase();

/** Tags already in use on the conversations this browser has loaded, most used first. */
function useKnownTags(open: boolean): string[] {
  const queryClient = useQueryClient();
  return useMemo(() => {
    if (!open) return [];
    const counts = new Map<string, number>();
    const add = (tags: string[]) => tags.forEach((t) => counts.set(t, (counts.get(t) ?? 0) + 1));
    queryClient.getQueriesData<InfiniteData<ListPage>>({ queryKey: ["conversations"] }).forEach(([, data]) => data?.pages?.forEach((p) => p.items.forEach((c) => add(c.tags))));
    queryClient.getQueriesData<Detail>({ queryKey: ["conversation"] }).forEach(([, c]) => c && add(c.tags));
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
  }, [open, queryClient]);
}

/** Add and remove a conversation's tags; every change is saved at once (PATCH with the full list). */
export function TagsPopover({ conversation, open, onOpenChange }: { conversation: Pick<Detail, "id" | "tags">; open: boolean; onOpenChange: (open: boolean) => void }) {
  const update = useUpdateConversation();
  const [draft, setDraft] = useState("");
  const known = useKnownTags(open);
  const tags = conversation.tags;
  const needle = normalizeTag(draft);
  const suggestions = known.filter((t) => !tags.includes(t) && (!needle || t.includes(needle))).slice(0, 8);

  const save = (next: string[]) => update.mutate({ id: conversation.id, edit: { tags: next } });
  const add = (raw: string) => {
    const tag = normalizeTag(raw);
    setDraft("");
    if (!tag || tags.includes(tag)) return;
    save([...tags, tag]);
  };
  const remove = (tag: string) => save(tags.filter((t) => t !== tag));
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      add(draft);
    } else if (e.key === "Backspace" && !draft && tags.length) {
      remove(tags[tags.length - 1]);
    }
  };

  return (
    <Popover.Root open={open} onOpenChange={(o) => (onOpenChange(o), o || setDraft(""))}>
      <Tooltip content="Tags (t)">
        <Popover.Trigger asChild>
          <Button variant="ghost" size="sm" className="conv-tags-trigger" aria-label={tags.length ? `Tags: ${tags.join(", ")}. Edit tags` : "Add tags"}>
            <Tag size={14} aria-hidden="true" />
            {tags.length ? (
              <span className="conv-tag-chips hide-narrow" aria-hidden="true">
                {tags.slice(0, 2).map((t) => <span key={t} className="tag">{t}</span>)}
                {tags.length > 2 ? <span className="tag">+{tags.length - 2}</span> : null}
              </span>
            ) : null}
          </Button>
        </Popover.Trigger>
      </Tooltip>
      <Popover.Portal>
        <Popover.Content className="popover tags-popover" align="end" sideOffset={4} aria-label="Tags">
          <h3 className="popover-title">Tags</h3>
          {tags.length ? (
            <ul className="tags-current" aria-label="Tags on this conversation">
              {tags.map((t) => (
                <li key={t} className="tag-chip">
                  <span>{t}</span>
                  <button type="button" className="tag-remove" aria-label={`Remove tag ${t}`} onClick={() => remove(t)}><X size={12} /></button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">No tags yet.</p>
          )}
          <input
            className="popover-input"
            aria-label="Add a tag"
            autoFocus
            value={draft}
            maxLength={50}
            placeholder="Add a tag and press Enter"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            aria-describedby={`tag-help-${conversation.id}`}
          />
          <p id={`tag-help-${conversation.id}`} className="muted small">Up to 50 characters; saved as lower case.</p>
          {suggestions.length ? (
            <ul className="tags-suggest" aria-label="Tags in use">
              {suggestions.map((t) => (
                <li key={t}>
                  <button type="button" className="tag-suggestion" onClick={() => add(t)}><Plus size={12} aria-hidden="true" /> {t}</button>
                </li>
              ))}
            </ul>
          ) : null}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
