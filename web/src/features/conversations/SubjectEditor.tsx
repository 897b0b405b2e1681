import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useUpdateConversation, type Detail } from "./api";

/**
 * The subject under the contact's name: click (or "Edit subject" in More) to edit in place; Enter
 * or leaving the field saves, Escape cancels; an empty subject removes it.
 */
export function SubjectEditor({ conversation, editing, onEditingChange }: { conversation: Pick<Detail, "id" | "subject">; editing: boolean; onEditingChange: (editing: boolean) => void }) {
  const update = useUpdateConversation();
  const [draft, setDraft] = useState(conversation.subject ?? "");
  const input = useRef<HTMLInputElement>(null);
  // The draft starts from the subject when editing starts, not each time a live update changes it.
  const subject = useRef(conversation.subject);
  subject.current = conversation.subject;
  useEffect(() => {
    if (!editing) return;
    setDraft(subject.current ?? "");
    const frame = requestAnimationFrame(() => input.current?.select());
    return () => cancelAnimationFrame(frame);
  }, [editing]);

  const finish = (save: boolean) => {
    onEditingChange(false);
    const next = draft.trim();
    if (save && next !== (conversation.subject ?? "")) update.mutate({ id: conversation.id, edit: { subject: next } });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      finish(true);
    } else if (e.key === "Escape") {
      // Escape here cancels the edit only; it must not also close the conversation.
      e.preventDefault();
      e.stopPropagation();
      finish(false);
    }
  };

  if (editing)
    return (
      <input
        ref={input}
        className="conv-subject-input"
        aria-label="Subject"
        placeholder="Subject"
        maxLength={300}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => finish(true)}
      />
    );
  return (
    <button type="button" className={`conv-subject${conversation.subject ? "" : " conv-subject-empty"}`} onClick={() => onEditingChange(true)} aria-label={conversation.subject ? `Subject: ${conversation.subject}. Edit` : "Add a subject"}>
      {conversation.subject ?? "Add subject"}
    </button>
  );
}
