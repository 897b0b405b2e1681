import type { Schemas } from "../../api/client";

type EventType = Schemas["ConversationEventType"];

const phrases: Partial<Record<EventType, string>> = {
  Created: "started this conversation",
  Assigned: "assigned this conversation",
  Reassigned: "reassigned this conversation",
  Unassigned: "unassigned this conversation",
  MovedToTeam: "moved this to another team",
  MovedToChannel: "moved this to another channel",
  Resolved: "resolved this conversation",
  Reopened: "reopened this conversation",
  Archived: "archived this conversation",
  Unarchived: "unarchived this conversation",
  SpamMarked: "marked this as spam",
  SpamUnmarked: "unmarked spam",
  MarkedIrrelevant: "marked this as irrelevant",
  ChatEnded: "ended the chat",
  RepliedAndArchived: "replied and archived",
  RepliedAndReopened: "replied and reopened",
  RepliedAndResolved: "replied and resolved",
  PutOnHold: "put this on hold",
  NotePinned: "pinned a note",
  NoteUnpinned: "unpinned a note",
  Merged: "merged a conversation into this one",
  AutoResolved: "resolved this automatically",
  AttachmentDeleted: "deleted an attachment",
  MessageDeleted: "deleted a message",
  DeliveryFailed: "could not deliver a message",
  Bounced: "saw a message bounce",
  BotHandover: "handed this over to the team",
  BotResolved: "resolved this (bot)",
  SubjectEdited: "edited the subject",
  PriorityChanged: "changed the priority",
  ReminderAdded: "added a reminder",
  ReminderTriggered: "triggered a reminder",
  CustomerMarkedSpam: "marked us as spam",
  CsatSurveySent: "sent a satisfaction survey",
  StatusChangedByMaintenance: "moved this by the Maintenance policy",
  StatusChanged: "changed the status",
  Deleted: "deleted this conversation",
  Restored: "restored this conversation",
  ContactOptedOut: "opted out of messages",
  ContactOptedIn: "opted back in to messages",
};

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

/** One line for the timeline: "Ada archived this conversation". */
export function eventText(type: EventType, actor: string, payload: Record<string, unknown>): string {
  const tag = str(payload.tag);
  if ((type === "TagAdded" || type === "TagRemoved") && tag) return `${actor} ${type === "TagAdded" ? "added" : "removed"} the tag “${tag}”`;
  const from = str(payload.from);
  const to = str(payload.to);
  const base = phrases[type] ?? type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  const change = (type === "StatusChanged" || type === "StatusChangedByMaintenance" || type === "PriorityChanged") && from && to ? ` from ${from} to ${to}` : "";
  const subject = type === "SubjectEdited" && str(payload.subject) ? ` to “${str(payload.subject)}”` : "";
  return `${actor} ${base}${change}${subject}`;
}
