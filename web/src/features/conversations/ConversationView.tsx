import { Archive, ArrowLeft, CheckCircle2, MoreHorizontal, PanelRight, RotateCcw, UserPlus } from "lucide-react";
import { forwardRef, useImperativeHandle, useRef, useState } from "react";
import { describeError } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from "../../components/ui/Menu";
import { Skeleton } from "../../components/ui/Skeleton";
import { Tooltip } from "../../components/ui/Tooltip";
import { contactLabel } from "../../lib/names";
import { isAdmin, useMe } from "../auth/useMe";
import { useUsers } from "../inbox/queries";
import { useAssign, useConversation, useConversationAction, useMarkRead, useTimeline, type ActionName } from "./api";
import { AssignDialog } from "./AssignDialog";
import { Composer, type ComposerHandle, type ComposerMode } from "./Composer";
import { StatusBadge } from "./StatusBadge";
import { Timeline } from "./Timeline";

export interface ConversationHandle {
  act: (action: ActionName) => void;
  assign: () => void;
  compose: (mode: ComposerMode) => void;
  markUnread: () => void;
}

export interface ConversationViewProps {
  id: string;
  onBack: () => void;
  onAfterMove: () => void;
  contactOpen: boolean;
  onToggleContact: () => void;
}

export const ConversationView = forwardRef<ConversationHandle, ConversationViewProps>(function ConversationView({ id, onBack, onAfterMove, contactOpen, onToggleContact }, ref) {
  const me = useMe();
  const admin = isAdmin(me.data);
  const { byId } = useUsers();
  const conversation = useConversation(id);
  const timeline = useTimeline(id);
  const action = useConversationAction();
  const assign = useAssign();
  const markRead = useMarkRead();
  const [assignOpen, setAssignOpen] = useState(false);
  const composer = useRef<ComposerHandle>(null);

  const c = conversation.data;
  const act = (name: ActionName) => {
    if (!c) return;
    action.mutate({ action: name, id: c.id });
    // After resolve/archive the next conversation opens (UI.md).
    if (name === "resolve" || name === "archive" || name === "delete") onAfterMove();
  };
  useImperativeHandle(ref, () => ({
    act,
    assign: () => setAssignOpen(true),
    compose: (mode) => composer.current?.focus(mode),
    markUnread: () => c && markRead.mutate({ ids: [c.id], read: false }),
  }));

  const nameOf = (userId: string | null | undefined) => {
    if (!userId) return "Someone";
    if (userId === me.data?.user.id) return "You";
    return byId.get(userId)?.name ?? (c?.assignee?.id === userId ? c.assignee.name : "A teammate");
  };

  if (conversation.isError)
    return (
      <section className="conversation" aria-label="Conversation">
        <div className="pane-head"><Button variant="ghost" icon className="only-phone" aria-label="Back to the list" onClick={onBack}><ArrowLeft size={16} /></Button></div>
        <div className="empty" role="alert">
          <h2>This conversation could not be opened</h2>
          <p className="muted">{describeError(conversation.error)} It may have been deleted, or moved out of your inboxes.</p>
          <Button onClick={() => conversation.refetch()}>Try again</Button>
        </div>
      </section>
    );

  const status = c?.status;
  const closed = status === "Resolved" || status === "Archived" || status === "Irrelevant" || status === "Deleted";
  return (
    <section className="conversation" aria-label={c ? `Conversation with ${contactLabel(c.contact)}` : "Conversation"}>
      <header className="pane-head conv-head">
        <Button variant="ghost" icon className="only-phone" aria-label="Back to the list" onClick={onBack}><ArrowLeft size={16} /></Button>
        {c ? (
          <div className="conv-title">
            <h2 className="pane-title">{contactLabel(c.contact)}</h2>
            <span className="conv-sub">
              <StatusBadge status={c.status} displayStatus={c.displayStatus} />
              {c.contact.name && c.contact.phone ? <span className="muted small conv-phone">{c.contact.phone}</span> : null}
              {c.subject ? <span className="muted small">· {c.subject}</span> : null}
            </span>
          </div>
        ) : (
          <div className="conv-title"><Skeleton width={160} height={16} /><Skeleton width={90} height={12} /></div>
        )}
        {c ? (
          <div className="conv-actions">
            <Tooltip content="Assign (a)">
              <Button variant="ghost" size="sm" onClick={() => setAssignOpen(true)} aria-label={c.assignee ? `Assigned to ${c.assignee.name}. Reassign` : "Assign"}>
                <UserPlus size={14} aria-hidden="true" /> <span className="hide-narrow">{c.assignee?.name ?? "Assign"}</span>
              </Button>
            </Tooltip>
            {closed ? (
              <Tooltip content="Reopen">
                <Button size="sm" onClick={() => act(status === "Archived" ? "unarchive" : status === "Deleted" ? "restore" : "reopen")}>
                  <RotateCcw size={14} aria-hidden="true" /> <span className="hide-narrow">{status === "Archived" ? "Unarchive" : status === "Deleted" ? "Restore" : "Reopen"}</span>
                </Button>
              </Tooltip>
            ) : (
              <Tooltip content="Resolve (Shift+E)">
                <Button size="sm" onClick={() => act("resolve")}>
                  <CheckCircle2 size={14} aria-hidden="true" /> <span className="hide-narrow">Resolve</span>
                </Button>
              </Tooltip>
            )}
            {status !== "Archived" && status !== "Deleted" ? (
              <Tooltip content="Archive (e)">
                <Button variant="ghost" size="sm" icon aria-label="Archive" onClick={() => act("archive")}><Archive size={16} /></Button>
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
                {admin && c.assignee && c.assignee.id !== me.data?.user.id ? (
                  <MenuItem onSelect={() => { if (window.confirm(`Mark this conversation unread for ${c.assignee!.name}?`)) markRead.mutate({ ids: [c.id], read: false, forUserId: c.assignee!.id }); }}>
                    Mark unread for {c.assignee.name}…
                  </MenuItem>
                ) : null}
                <MenuSeparator />
                {status !== "Pending" && !closed ? <MenuItem onSelect={() => act("hold")}>Put on hold</MenuItem> : null}
                {status === "Automated" ? <MenuItem onSelect={() => act("handover")}>Hand over to the team</MenuItem> : null}
                {c.isSpam ? <MenuItem onSelect={() => act("unspam")}>Not spam</MenuItem> : <MenuItem onSelect={() => act("spam")}>Mark as spam</MenuItem>}
                {admin && status !== "Deleted" ? (
                  <>
                    <MenuSeparator />
                    <MenuItem danger onSelect={() => { if (window.confirm("Delete this conversation? It stays restorable in Deleted until it is purged.")) act("delete"); }}>Delete…</MenuItem>
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
      <div className="timeline-scroll">
        {timeline.isPending || !c ? (
          <TimelineSkeleton />
        ) : timeline.isError ? (
          <div className="empty" role="alert">
            <p>The messages could not be loaded: {describeError(timeline.error)}</p>
            <Button onClick={() => timeline.refetch()}>Try again</Button>
          </div>
        ) : (
          <Timeline messages={timeline.data.messages} events={timeline.data.events} contactName={contactLabel(c.contact)} nameOf={nameOf} />
        )}
      </div>
      {c ? <Composer key={c.id} ref={composer} conversation={c} /> : null}
      <AssignDialog open={assignOpen} onOpenChange={setAssignOpen} onPick={(target) => c && assign.mutate({ id: c.id, ...target })} />
    </section>
  );
});

function TimelineSkeleton() {
  return (
    <div className="timeline" role="status" aria-busy="true" aria-label="Loading messages">
      {[60, 40, 70, 35].map((w, i) => (
        <div key={i} className={`msg ${i % 2 ? "msg-out" : "msg-in"}`}>
          <div className="bubble bubble-skeleton"><Skeleton width={`${w * 4}px`} height={12} /><Skeleton width={`${w * 2}px`} height={12} /></div>
        </div>
      ))}
    </div>
  );
}
