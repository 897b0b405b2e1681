import { ChevronDown, Send } from "lucide-react";
import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from "react";
import { ApiError, describeError } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "../../components/ui/Menu";
import { usePostMessage, type Status } from "./api";

export type ComposerMode = "reply" | "note";
export interface ComposerHandle {
  focus: (mode?: ComposerMode) => void;
}

type Then = "archive" | "resolve" | "reopen" | undefined;

/** Reply or internal note; Ctrl/Cmd+Enter sends. The text stays if the server refuses it. */
export const Composer = forwardRef<ComposerHandle, { conversationId: string; status: Status; optedOut?: boolean }>(function Composer({ conversationId, status, optedOut }, ref) {
  const [mode, setMode] = useState<ComposerMode>("reply");
  const [text, setText] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);
  const post = usePostMessage(conversationId);
  useImperativeHandle(ref, () => ({
    focus: (m) => {
      if (m) setMode(m);
      area.current?.focus();
    },
  }));

  const send = (then?: Then) => {
    if (!text.trim() || post.isPending) return;
    post.mutate(
      { text, kind: mode, then: mode === "reply" ? then : undefined },
      { onSuccess: () => setText("") },
    );
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
    } else if (e.key === "Escape") {
      area.current?.blur();
    }
  };
  const closed = status === "Resolved" || status === "Archived" || status === "Irrelevant";
  const error = post.error;
  const message = error ? (error instanceof ApiError ? error.field("text") ?? describeError(error) : describeError(error)) : null;
  return (
    <div className={`composer composer-${mode}`}>
      <div className="composer-tabs" role="tablist" aria-label="Compose">
        <button type="button" role="tab" aria-selected={mode === "reply"} className="composer-tab" onClick={() => setMode("reply")}>Reply</button>
        <button type="button" role="tab" aria-selected={mode === "note"} className="composer-tab" onClick={() => setMode("note")}>Internal note</button>
        {optedOut && mode === "reply" ? <span className="composer-warn">This contact opted out: replies will not be sent.</span> : null}
      </div>
      <label htmlFor={`composer-${conversationId}`} className="sr-only">{mode === "reply" ? "Reply to the customer" : "Internal note for your team"}</label>
      <textarea
        id={`composer-${conversationId}`}
        ref={area}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={mode === "reply" ? "Write a reply…" : "Write a note for your team…"}
        rows={3}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `composer-err-${conversationId}` : undefined}
      />
      {message ? <p id={`composer-err-${conversationId}`} className="field-error composer-error" role="alert">{message}</p> : null}
      <div className="composer-bar">
        <span className="muted small composer-hint">
          {mode === "note" ? "Only your team sees notes." : closed ? "Send keeps the status; ▾ to send and reopen." : <><kbd>Ctrl</kbd> <kbd>Enter</kbd> to send</>}
        </span>
        <div className="split">
          <Button variant="primary" onClick={() => send()} disabled={!text.trim() || post.isPending}>
            <Send size={14} aria-hidden="true" /> {post.isPending ? "Sending…" : mode === "reply" ? "Send" : "Add note"}
          </Button>
          {mode === "reply" ? (
            <Menu>
              <MenuTrigger asChild>
                <Button variant="primary" icon aria-label="More send options" disabled={!text.trim() || post.isPending}>
                  <ChevronDown size={14} />
                </Button>
              </MenuTrigger>
              <MenuContent>
                <MenuItem onSelect={() => send("archive")}>Send and archive</MenuItem>
                <MenuItem onSelect={() => send("resolve")}>Send and resolve</MenuItem>
                {closed ? <MenuItem onSelect={() => send("reopen")}>Send and reopen</MenuItem> : null}
              </MenuContent>
            </Menu>
          ) : null}
        </div>
      </div>
    </div>
  );
});
