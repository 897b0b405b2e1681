import { useQueryClient } from "@tanstack/react-query";
import { ChevronDown, FileText, Paperclip, Send, Upload } from "lucide-react";
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from "react";
import { ApiError, describeError } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "../../components/ui/Menu";
import { Tooltip } from "../../components/ui/Tooltip";
import { useMe } from "../auth/useMe";
import { useContact, type Template, type TemplateKind } from "../composer/api";
import { AttachmentChips } from "../composer/AttachmentChips";
import { CareWindowBanner, useNow } from "../composer/CareWindowBanner";
import { careWindowState } from "../composer/careWindow";
import { EmojiButton } from "../composer/EmojiButton";
import { TemplateForm } from "../composer/TemplateForm";
import { TemplatePicker } from "../composer/TemplatePicker";
import { fillPlaceholders, insertAtCaret, placeholders } from "../composer/text";
import { useAttachments } from "../composer/useAttachments";
import "../composer/composer.css";
import { conversationKey, usePostMessage, type Detail } from "./api";

export type ComposerMode = "reply" | "note";
export interface ComposerHandle {
  focus: (mode?: ComposerMode) => void;
}

type Then = "archive" | "resolve" | "reopen" | undefined;

// What the server accepts (Attachments/AttachmentLimits.cs): the file dialog offers only these.
const accept = "image/jpeg,image/png,image/gif,image/webp,audio/*,video/mp4,video/3gpp,video/quicktime,application/pdf,text/plain,text/csv,text/vcard,.vcf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.zip";

/** The server's reason for refusing a message: its field messages when it gave some, else what happened. */
function sendError(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = Object.values(error.problem.errors ?? {}).flat();
    if (fields.length) return fields.join(" ");
  }
  return describeError(error);
}

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");

/**
 * Reply or internal note. Ctrl/Cmd+Enter sends, Esc leaves the field; emoji, files (button, drag
 * and drop, paste) and templates; on WhatsApp the care window above it, and once the window is
 * closed a reply can only be an approved template. A refused send keeps the text and the files.
 */
export const Composer = forwardRef<ComposerHandle, { conversation: Detail }>(function Composer({ conversation }, ref) {
  const { id, status, channelId, careWindow, channelType } = conversation;
  const now = useNow(30_000, careWindow?.open === true);
  const care = careWindowState(careWindow, now);

  const [mode, setMode] = useState<ComposerMode>("reply");
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<{ template: Template; parameters: string[] } | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const caret = useRef<number | null>(null);
  const focusNext = useRef<"text" | "template" | null>(null);
  const files = useAttachments();
  const post = usePostMessage(id);
  const queryClient = useQueryClient();
  const me = useMe();
  const contact = useContact(conversation.contact.id);

  const templateOnly = mode === "reply" && care.kind === "closed";
  const template = mode === "reply" ? chosen : null;
  const writing = !template && !templateOnly;
  // Once the window is closed only approved WhatsApp templates go out; other channels have only quick replies.
  const kind: TemplateKind | undefined = templateOnly ? "WhatsApp" : channelType && channelType !== "WhatsApp" ? "Conversation" : undefined;

  /** Focus where the person writes next: the text, else the template's first field or the template button. */
  const focusMain = () => {
    const target = root.current?.querySelector<HTMLElement>("textarea, [data-template-param], [data-template-choose], [data-composer-send]");
    target?.focus();
  };
  useImperativeHandle(ref, () => ({
    focus: (m) => {
      if (m && m !== mode) {
        setMode(m);
        focusNext.current = "text";
      } else focusMain();
    },
  }));
  useEffect(() => {
    if (focusNext.current) {
      focusNext.current = null;
      focusMain();
    }
  });
  // After an insertion the caret goes right after what was inserted.
  useLayoutEffect(() => {
    if (caret.current !== null && area.current) {
      area.current.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  }, [text]);

  const insert = (value: string) => {
    const el = area.current;
    const next = insertAtCaret(text, el?.selectionStart ?? text.length, el?.selectionEnd ?? text.length, value);
    caret.current = next.caret;
    setText(next.text);
  };

  const pick = (t: Template) => {
    setPickerOpen(false);
    if (t.kind === "WhatsApp") {
      setChosen({ template: t, parameters: Array.from({ length: t.parameters ?? 0 }, () => "") });
      focusNext.current = "template";
      return;
    }
    // A quick reply goes into the text to be read and edited, filled as the server would fill it.
    const values: Record<string, string | null | undefined> = {
      "contact.name": contact.data?.name ?? conversation.contact.name,
      "contact.phone": contact.data?.phone ?? conversation.contact.phone,
      "contact.email": contact.data?.email,
      "agent.name": me.data?.user.name,
      "organization.name": me.data?.organizationName,
    };
    insert(placeholders(t.text).length ? fillPlaceholders(t.text, values) : t.text);
  };

  const parametersFilled = !!template && template.parameters.every((p) => p.trim() !== "");
  const ready = post.isPending
    ? false
    : template
      ? parametersFilled && files.uploads.length === 0
      : !templateOnly && !files.uploading && (text.trim() !== "" || files.ids.length > 0);

  const send = (then?: Then) => {
    if (!ready) return;
    const body = template
      ? { kind: "reply" as const, templateId: template.template.id, parameters: template.parameters, then }
      : { text, kind: mode, then: mode === "reply" ? then : undefined, attachmentIds: files.ids.length ? files.ids : undefined };
    const sentText = text;
    const sentFiles = files.ids;
    post.mutate(body, {
      onSuccess: () => {
        if (template) setChosen(null);
        else {
          // What was typed while the message was on its way stays.
          setText((t) => (t === sentText ? "" : t));
          files.clearSent(sentFiles);
        }
      },
      onError: (error) => {
        // A conflict can mean the care window closed meanwhile: fetch the conversation afresh.
        if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
      },
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement | HTMLInputElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
    } else if (e.key === "Escape") {
      e.currentTarget.blur();
    } else if (e.key === "/" && mode === "reply" && text === "" && e.currentTarget === area.current && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // "/" at the start of an empty reply opens the templates; "/" again there types the slash.
      e.preventDefault();
      setPickerOpen(true);
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = Array.from(e.clipboardData.files);
    // Copying from an office document or a web page brings a picture of the text as well as
    // its HTML: then the person wants the text. A screenshot or a copied file has no HTML.
    if (pasted.length === 0 || e.clipboardData.types.includes("text/html")) return;
    e.preventDefault();
    files.add(pasted);
  };

  const canAttach = writing;
  const dropHandlers = canAttach
    ? {
        onDragEnter: (e: DragEvent<HTMLDivElement>) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          dragDepth.current += 1;
          setDragging(true);
        },
        onDragOver: (e: DragEvent<HTMLDivElement>) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
        },
        onDragLeave: (e: DragEvent<HTMLDivElement>) => {
          if (!hasFiles(e)) return;
          dragDepth.current = Math.max(0, dragDepth.current - 1);
          if (dragDepth.current === 0) setDragging(false);
        },
        onDrop: (e: DragEvent<HTMLDivElement>) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          dragDepth.current = 0;
          setDragging(false);
          files.add(Array.from(e.dataTransfer.files));
        },
      }
    : {};

  const closedStatus = status === "Resolved" || status === "Archived" || status === "Irrelevant";
  const error = post.error ? sendError(post.error) : null;
  const errorId = `composer-err-${id}`;
  const optedOut = contact.data?.optedOut === true;

  const hint = mode === "note"
    ? "Only your team sees notes."
    : templateOnly && !template
      ? "Internal notes are still possible."
      : template && files.uploads.length > 0
        ? "A template is sent without files: remove them to send it."
        : closedStatus
          ? "Send keeps the status; ▾ to send and reopen."
          : null;

  const templateButton = (
    <Button variant="ghost" size="sm" icon aria-label="Insert a template" aria-keyshortcuts={writing ? "/" : undefined}>
      <FileText size={16} aria-hidden="true" />
    </Button>
  );

  return (
    <div className="composer-area">
      <CareWindowBanner state={care} />
      <div ref={root} className={`composer composer-${mode}${dragging ? " composer-dragging" : ""}`} {...dropHandlers}>
        <div className="composer-tabs" role="tablist" aria-label="Compose">
          <button type="button" role="tab" aria-selected={mode === "reply"} className="composer-tab" onClick={() => setMode("reply")}>Reply</button>
          <button type="button" role="tab" aria-selected={mode === "note"} className="composer-tab" onClick={() => setMode("note")}>Internal note</button>
          {optedOut && mode === "reply" ? <span className="composer-warn">This contact opted out: replies will not be sent.</span> : null}
        </div>

        {template ? (
          <TemplateForm
            template={template.template}
            parameters={template.parameters}
            onChange={(parameters) => setChosen({ template: template.template, parameters })}
            onKeyDown={onKeyDown}
            onRemove={() => {
              setChosen(null);
              focusNext.current = "text";
            }}
            removable={!templateOnly}
            parametersError={post.error instanceof ApiError ? post.error.field("parameters") : undefined}
            errorId={error ? errorId : undefined}
          />
        ) : templateOnly ? (
          <div className="template-only">
            <p>More than 24 hours have passed since the customer's last message. Choose an approved WhatsApp template to write to them again.</p>
            <Button data-template-choose aria-haspopup="dialog" aria-expanded={pickerOpen} onClick={() => setPickerOpen(true)}>
              <FileText size={14} aria-hidden="true" /> Choose a template
            </Button>
          </div>
        ) : (
          <>
            <label htmlFor={`composer-${id}`} className="sr-only">{mode === "reply" ? "Reply to the customer" : "Internal note for your team"}</label>
            <textarea
              id={`composer-${id}`}
              ref={area}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={onKeyDown}
              onPaste={onPaste}
              placeholder={mode === "reply" ? "Write a reply… (/ for templates)" : "Write a note for your team…"}
              rows={3}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
          </>
        )}

        <AttachmentChips uploads={files.uploads} onRemove={files.remove} />
        {error ? <p id={errorId} className="field-error composer-error" role="alert">{error}</p> : null}

        <div className="composer-bar">
          <div className="composer-tools">
            {canAttach ? (
              <>
                <Tooltip content="Attach files (or drop or paste them here)">
                  <Button variant="ghost" size="sm" icon aria-label="Attach files" onClick={() => fileInput.current?.click()}>
                    <Paperclip size={16} aria-hidden="true" />
                  </Button>
                </Tooltip>
                <input
                  ref={fileInput}
                  type="file"
                  multiple
                  accept={accept}
                  hidden
                  tabIndex={-1}
                  aria-hidden="true"
                  onChange={(e) => {
                    if (e.target.files) files.add(Array.from(e.target.files));
                    e.target.value = "";
                  }}
                />
                <EmojiButton onPick={insert} onClosed={() => area.current?.focus()} />
              </>
            ) : null}
            {mode === "reply" ? (
              <TemplatePicker
                open={pickerOpen}
                onOpenChange={setPickerOpen}
                kind={kind}
                channelId={channelId}
                onlyApproved={templateOnly}
                onPick={pick}
                onSlash={() => {
                  setPickerOpen(false);
                  insert("/");
                }}
                onClosed={focusMain}
                trigger={templateButton}
                tooltip={writing ? "Templates (/ in an empty reply)" : "Templates"}
              />
            ) : null}
          </div>
          {hint ? <span className="muted small composer-hint">{hint}</span> : <span className="muted small composer-hint"><kbd>Ctrl</kbd> <kbd>Enter</kbd> to send</span>}
          <div className="split">
            <Button variant="primary" data-composer-send onClick={() => send()} disabled={!ready} aria-keyshortcuts="Control+Enter Meta+Enter">
              <Send size={14} aria-hidden="true" /> {post.isPending ? "Sending…" : mode === "reply" ? "Send" : "Add note"}
            </Button>
            {mode === "reply" ? (
              <Menu>
                <MenuTrigger asChild>
                  <Button variant="primary" icon aria-label="More send options" disabled={!ready}>
                    <ChevronDown size={14} aria-hidden="true" />
                  </Button>
                </MenuTrigger>
                <MenuContent>
                  <MenuItem onSelect={() => send("archive")}>Send and archive</MenuItem>
                  <MenuItem onSelect={() => send("resolve")}>Send and resolve</MenuItem>
                  {closedStatus ? <MenuItem onSelect={() => send("reopen")}>Send and reopen</MenuItem> : null}
                </MenuContent>
              </Menu>
            ) : null}
          </div>
        </div>

        {dragging ? (
          <div className="composer-drop" aria-hidden="true">
            <Upload size={18} /> Drop files to attach
          </div>
        ) : null}
      </div>
    </div>
  );
});
