import { Archive, ArchiveRestore, ArrowLeft, Bot, CheckCircle2, MoreHorizontal, PanelRight, RotateCcw, UserPlus } from "lucide-react";
import { forwardRef, useCallback, useImperativeHandle, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { describeError } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { ConfirmDialog } from "../../components/ui/ConfirmDialog";
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from "../../components/ui/Menu";
import { Skeleton } from "../../components/ui/Skeleton";
import { Tooltip } from "../../components/ui/Tooltip";
import { contactLabel } from "../../lib/names";
import { formatPhone } from "../../lib/phone";
import { isAdmin, useMe } from "../auth/useMe";
import { useShortcuts } from "../inbox/useShortcuts";
import { useAssign, useConversation, useConversationAction, useMarkRead, usePinNote, useTimelinePages, type ActionName, type Detail } from "./api";
import { AssignDialog } from "./AssignDialog";
import { Composer, type ComposerHandle, type ComposerMode } from "./Composer";
import "./conversation.css";
import { useDirectory } from "../directory/directory";
import { MergeDialog } from "./MergeDialog";
import { ReadStateBar } from "./ReadStateBar";
import { ReminderDialog } from "./ReminderDialog";
import { StatusBadge } from "./StatusBadge";
import { SubjectEditor } from "./SubjectEditor";
import { TagsPopover } from "./TagsPopover";
import { Timeline, TimelineSkeleton } from "./Timeline";

export interface ConversationHandle {
  act: (action: ActionName) => void;
  assign: () => void;
  compose: (mode: ComposerMode) => void;
  markUnread: () => void;
  /** Opens the tags popover (the `t` key). */
  tag: () => void;
}

export interface ConversationViewProps {
  id: string;
  onBack: () => void;
  /** After resolve, archive or delete: the inbox opens the next conversation. */
  onAfterMove: () => void;
  contactOpen: boolean;
  onToggleContact: () => void;
  /** Open another conversation (after a merge into it); without it the URL's id is swapped. */
  onOpenConversation?: (id: string) => void;
}

/** Which actions the server accepts in each status (Conversation.cs), so the header offers only those. */
export function availableActions(c: Pick<Detail, "status" | "isSpam">, admin: boolean) {
  const s = c.status;
  return {
    primary: (s === "Deleted" ? (admin ? "restore" : null) : s === "Archived" ? "unarchive" : s === "Resolved" || s === "Irrelevant" ? "reopen" : "resolve") as ActionName | null,
    archive: s !== "Archived" && s !== "Deleted",
    hold: s === "Open" || s === "Automated" || s === "Sent",
    offHold: s === "Pending",
    handover: s === "Automated",
    spam: !c.isSpam && s !== "Archived" && s !== "Deleted",
    unspam: c.isSpam && s === "Irrelevant",
    delete: admin && s !== "Deleted",
  };
}

const primaryText: Partial<Record<ActionName, string>> = { restore: "Restore", unarchive: "Unarchive", reopen: "Reopen", resolve: "Resolve" };

export const ConversationView = forwardRef<ConversationHandle, ConversationViewProps>(function ConversationView({ id, onBack, onAfterMove, contactOpen, onToggleContact, onOpenConversation }, ref) {
  const me = useMe();
  const admin = isAdmin(me.data);
  const meId = me.data?.user.id;
  const directory = useDirectory();
  // The conversation and the newest page of its messages and events: one parallel round of requests.
  const conversation = useConversation(id);
  const pages = useTimelinePages(id);
  const action = useConversationAction();
  const assign = useAssign();
  const markRead = useMarkRead();
  const pin = usePinNote(id);
  const navigate = useNavigate();
  const location = useLocation();
  const [assignOpen, setAssignOpen] = useState(false);
  const [tagsOpen, setTagsOpen] = useState(false);
  const [subjectEditing, setSubjectEditing] = useState(false);
  const [mergeOpen, setMergeOpen] = useState(false);
  const [reminderOpen, setReminderOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const composer = useRef<ComposerHandle>(null);

  const c = conversation.data;
  const act = (name: ActionName) => {
    if (!c) return;
    action.mutate({ action: name, id: c.id });
    // After resolve/archive the next conversation opens (UI.md); a refusal still rolls back and says why.
    if (name === "resolve" || name === "archive" || name === "delete") onAfterMove();
  };
  const openOther = (other: string) => {
    if (onOpenConversation) onOpenConversation(other);
    else navigate({ pathname: location.pathname.replace(id, other), search: location.search });
  };
  useImperativeHandle(ref, () => ({
    act,
    assign: () => setAssignOpen(true),
    compose: (mode) => composer.current?.focus(mode),
    markUnread: () => c && markRead.mutate({ ids: [c.id], read: false }),
    tag: () => c && setTagsOpen(true),
  }));
  useShortcuts({ t: () => c && setTagsOpen(true) });

  const assigneeName = c?.assignee?.name;
  const assigneeId = c?.assignee?.id;
  const nameOf = useCallback(
    (userId: string | null | undefined) => {
      if (!userId) return "Someone";
      if (userId === meId) return "You";
      return directory.userById.get(userId)?.name ?? (assigneeId === userId && assigneeName ? assigneeName : "A teammate");
    },
    [meId, directory.userById, assigneeId, assigneeName],
  );

  if (conversation.isError)
    return (
      <section className="conversation" aria-label="Conversation">
        <div className="pane-head"><Button variant="ghost" icon className="only-phone" aria-label="Back to the list" onClick={onBack}><ArrowLeft size={16} /></Button></div>
        <div className="empty" role="alert">
          <h2>This conversation could not be opened</h2>
          <p className="muted">{describeError(conversation.error)} It may have been deleted, merged or moved out of your inboxes.</p>
          <Button onClick={() => conversation.refetch()}>Try again</Button>
        </div>
      </section>
    );

  const can = c ? availableActions(c, admin) : null;
  const primary = can?.primary;
  return (
    <section className="conversation" aria-label={c ? `Conversation with ${contactLabel(c.contact)}` : "Conversation"}>
      <header className="pane-head conv-head">
        <Button variant="ghost" icon className="only-phone" aria-label="Back to the list" onClick={onBack}><ArrowLeft size={16} /></Button>
        {c ? (
          <div className="conv-title">
            <h2 className="pane-title" title={c.contact.name?.trim() ? undefined : c.contact.phone ?? undefined}>{formatPhone(contactLabel(c.contact))}</h2>
            <span className="conv-sub">
              <StatusBadge status={c.status} displayStatus={c.displayStatus} />
              {c.isSpam ? <span className="badge badge-red">Spam</span> : null}
              {c.contact.name && c.contact.phone ? <span className="muted small conv-phone" title={c.contact.phone}>{formatPhone(c.contact.phone)}</span> : null}
              <SubjectEditor conversation={c} editing={subjectEditing} onEditingChange={setSubjectEditing} />
            </span>
          </div>
        ) : (
          <div className="conv-title"><Skeleton width={160} height={16} /><Skeleton width={90} height={12} /></div>
        )}
        {c && can ? (
          <div className="conv-actions">
            <Tooltip content="Assign (a)">
              <Button variant="ghost" size="sm" onClick={() => setAssignOpen(true)} aria-label={c.assignee ? `Assigned to ${c.assignee.name}. Reassign` : "Assign"}>
                <UserPlus size={14} aria-hidden="true" /> <span className="hide-narrow">{c.assignee?.name ?? "Assign"}</span>
              </Button>
            </Tooltip>
            <TagsPopover conversation={c} open={tagsOpen} onOpenChange={setTagsOpen} />
            {can.handover ? (
              <Tooltip content="A person takes over from the bot">
                <Button size="sm" onClick={() => act("handover")}>
                  <Bot size={14} aria-hidden="true" /> <span className="hide-narrow">Hand over to the team</span>
                </Button>
              </Tooltip>
            ) : null}
            {primary ? (
              <Tooltip content={primary === "resolve" ? "Resolve (Shift+E)" : primaryText[primary]}>
                <Button size="sm" aria-label={primaryText[primary]} onClick={() => act(primary)}>
                  {primary === "resolve" ? <CheckCircle2 size={14} aria-hidden="true" /> : primary === "unarchive" ? <ArchiveRestore size={14} aria-hidden="true" /> : <RotateCcw size={14} aria-hidden="true" />} <span className="hide-narrow">{primaryText[primary]}</span>
                </Button>
              </Tooltip>
            ) : null}
            {can.archive ? (
              <Tooltip content="Archive (e)">
                <Button variant="ghost" size="sm" icon className="conv-archive" aria-label="Archive" onClick={() => act("archive")}><Archive size={16} /></Button>
              </Tooltip>
            ) : null}
            <Menu>
              <Tooltip content="More actions">
                <MenuTrigger asChild>
                  <Button variant="ghost" size="sm" icon aria-label="More actions"><MoreHorizontal size={16} /></Button>
                </MenuTrigger>
              </Tooltip>
              <MenuContent>
                <MenuItem onSelect={() => composer.current?.focus("reply")} shortcut="r">Reply</MenuItem>
                <MenuItem onSelect={() => composer.current?.focus("note")} shortcut="n">Add internal note</MenuItem>
                <MenuItem onSelect={() => markRead.mutate({ ids: [c.id], read: false })} shortcut="u">Mark unread</MenuItem>
                {can.archive ? <MenuItem onSelect={() => act("archive")} shortcut="e">Archive</MenuItem> : null}
                <MenuSeparator />
                <MenuItem onSelect={() => setTagsOpen(true)} shortcut="t">Tags…</MenuItem>
                <MenuItem onSelect={() => setSubjectEditing(true)}>{c.subject ? "Edit subject" : "Add subject"}</MenuItem>
                <MenuItem onSelect={() => setReminderOpen(true)}>Remind me…</MenuItem>
                <MenuItem onSelect={() => setMergeOpen(true)} disabled={c.status === "Deleted"}>Merge…</MenuItem>
                <MenuSeparator />
                {can.hold ? <MenuItem onSelect={() => act("hold")}>Put on hold</MenuItem> : null}
                {can.offHold ? <MenuItem onSelect={() => act("reopen")}>Take off hold</MenuItem> : null}
                {can.handover ? <MenuItem onSelect={() => act("handover")}>Hand over to the team</MenuItem> : null}
                {can.unspam ? <MenuItem onSelect={() => act("unspam")}>Not spam</MenuItem> : null}
                {can.spam ? <MenuItem onSelect={() => act("spam")}>Mark as spam</MenuItem> : null}
                {can.delete ? (
                  <>
                    <MenuSeparator />
                    <MenuItem danger onSelect={() => setConfirmDelete(true)}>Delete…</MenuItem>
                  </>
                ) : null}
              </MenuContent>
            </Menu>
            <Tooltip content={contactOpen ? "Hide contact" : "Show contact"}>
              <Button variant="ghost" size="sm" icon aria-label={contactOpen ? "Hide contact" : "Show contact"} aria-pressed={contactOpen} onClick={onToggleContact}><PanelRight size={16} /></Button>
            </Tooltip>
          </div>
        ) : null}
      </header>
      {c && admin && c.assignee && c.assignee.id !== meId ? <ReadStateBar conversation={c} /> : null}
      {c ? (
        <Timeline pages={pages} contactName={contactLabel(c.contact)} nameOf={nameOf} meId={meId} onPin={(messageId, pinned) => pin.mutate({ messageId, pinned })} />
      ) : (
        <TimelineSkeleton />
      )}
      {c ? <Composer key={c.id} ref={composer} conversation={c} /> : null}
      <AssignDialog open={assignOpen} onOpenChange={setAssignOpen} currentUserId={c?.assignee?.id} onPick={(target) => c && assign.mutate({ id: c.id, ...target })} />
      {c ? <MergeDialog conversation={c} open={mergeOpen} onOpenChange={setMergeOpen} onMerged={(survivor) => survivor !== c.id && openOther(survivor)} /> : null}
      {c ? <ReminderDialog conversationId={c.id} open={reminderOpen} onOpenChange={setReminderOpen} /> : null}
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        destructive
        title="Delete this conversation?"
        body={<p>It moves to Deleted, where an admin can restore it until the Maintenance policy purges it for good.</p>}
        confirmLabel="Delete"
        onConfirm={() => act("delete")}
      />
    </section>
  );
});
