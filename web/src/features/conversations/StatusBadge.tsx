import type { Schemas } from "../../api/client";

type Status = Schemas["ConversationStatus"];

/** The words a badge shows: `Open` is "New" until the first agent reply, then "In progress". */
export const statusLabels: Record<Status, string> = {
  Open: "New",
  Pending: "Pending",
  Automated: "Automated",
  Sent: "Sent",
  Resolved: "Resolved",
  Irrelevant: "Irrelevant",
  Archived: "Archived",
  Deleted: "Deleted",
};

const tones: Record<string, string> = {
  New: "blue",
  "In progress": "amber",
  Pending: "violet",
  Automated: "cyan",
  Sent: "teal",
  Resolved: "green",
  Irrelevant: "grey",
  Archived: "slate",
  Deleted: "red",
};

/** Always text, never colour alone; the server's `displayStatus` wins when it is given. */
export function StatusBadge({ status, displayStatus }: { status: Status; displayStatus?: string | null }) {
  const text = displayStatus?.trim() || statusLabels[status];
  return (
    <span className={`badge badge-${tones[text] ?? "grey"}`} data-status={status}>
      {text}
    </span>
  );
}
