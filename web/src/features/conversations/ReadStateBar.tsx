import { Mail, MailOpen } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/ui/Button";
import { ConfirmDialog } from "../../components/ui/ConfirmDialog";
import { assigneeUnreadOf, useMarkReadFor, type Detail } from "./api";

/**
 * For an admin looking at a conversation assigned to someone else: the assignee's own read state,
 * which opening it left alone, and a way to change it that asks first (SPEC: read state is per user).
 */
export function ReadStateBar({ conversation }: { conversation: Detail }) {
  const markFor = useMarkReadFor();
  const [asking, setAsking] = useState<boolean | null>(null);
  const assignee = conversation.assignee;
  if (!assignee) return null;
  const first = assignee.name.split(/\s+/)[0] || assignee.name;
  const unread = assigneeUnreadOf(conversation);
  // With the state unknown both ways are offered; with it known, the one that changes it.
  const offers = unread === null ? [true, false] : [unread];
  return (
    <div className="read-state" role="group" aria-label={`${assignee.name}'s read state`}>
      {unread !== null ? (
        <span className={`read-state-label${unread ? " is-unread" : ""}`}>
          {unread ? <Mail size={14} aria-hidden="true" /> : <MailOpen size={14} aria-hidden="true" />}
          {unread ? `Unread for ${first}` : `Read by ${first}`}
        </span>
      ) : (
        <span className="read-state-label">Opening this left {first}’s read state as it was.</span>
      )}
      {offers.map((read) => (
        <Button key={String(read)} variant="ghost" size="sm" onClick={() => setAsking(read)} disabled={markFor.isPending}>
          {read ? `Mark read for ${first}…` : `Mark unread for ${first}…`}
        </Button>
      ))}
      <ConfirmDialog
        open={asking !== null}
        onOpenChange={(o) => o || setAsking(null)}
        title={asking ? `Mark read for ${assignee.name}?` : `Mark unread for ${assignee.name}?`}
        body={
          <>
            <p>{asking ? `It will no longer count as unread in ${assignee.name}’s inbox.` : `It will show as unread in ${assignee.name}’s inbox, as if something new had arrived.`}</p>
            <p>Your own read state does not change.</p>
          </>
        }
        confirmLabel={asking ? `Mark read for ${first}` : `Mark unread for ${first}`}
        onConfirm={() => asking !== null && markFor.mutate({ id: conversation.id, read: asking, user: assignee })}
      />
    </div>
  );
}
