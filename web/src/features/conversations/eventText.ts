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

/** How ids in a payload become names: a person ("You", "Agnes Agent", "A teammate") and a team (undefined when unknown). */
export interface EventNames {
  person?: (userId: string) => string;
  team?: (teamId: string) => string | undefined;
}

/** "You" and "A teammate" start a sentence; mid-sentence they are "you" ("yourself" when you act on yourself) and "a teammate". */
function asObject(name: string, actor: string) {
  if (name === "You") return actor === "You" ? "yourself" : "you";
  return name === "A teammate" || name === "Someone" ? name.toLowerCase() : name;
}

/** Whom an assignment or team move went to, when the payload says and the ids resolve: null when it cannot say more. */
function target(type: EventType, actor: string, from: string | undefined, to: string | undefined, names: EventNames): string | null {
  const { person, team } = names;
  if (person) {
    if (type === "Assigned" && to) return `${actor} assigned this conversation to ${asObject(person(to), actor)}`;
    if (type === "Reassigned" && to) return `${actor} reassigned this conversation ${from ? `from ${asObject(person(from), actor)} ` : ""}to ${asObject(person(to), actor)}`;
    if (type === "Unassigned" && from) return `${actor} unassigned ${asObject(person(from), actor)} from this conversation`;
  }
  if (type === "MovedToTeam" && team) {
    const toName = to ? team(to) : undefined;
    if (toName) return `${actor} moved it to ${toName}`;
    const fromName = from ? team(from) : undefined;
    if (!to && fromName) return `${actor} moved it out of ${fromName}`;
  }
  return null;
}

/** One line for the timeline: "Ada archived this conversation", "Ada assigned this conversation to Agnes Agent". */
export function eventText(type: EventType, actor: string, payload: Record<string, unknown>, names: EventNames = {}): string {
  const tag = str(payload.tag);
  if ((type === "TagAdded" || type === "TagRemoved") && tag) return `${actor} ${type === "TagAdded" ? "added" : "removed"} the tag “${tag}”`;
  const from = str(payload.from);
  const to = str(payload.to);
  const whom = target(type, actor, from, to, names);
  if (whom) return whom;
  const base = phrases[type] ?? type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  const change = (type === "StatusChanged" || type === "StatusChangedByMaintenance" || type === "PriorityChanged") && from && to ? ` from ${from} to ${to}` : "";
  const subject = type === "SubjectEdited" && str(payload.subject) ? ` to “${str(payload.subject)}”` : "";
  return `${actor} ${base}${change}${subject}`;
}
