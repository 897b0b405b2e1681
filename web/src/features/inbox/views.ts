import type { paths } from "../../api/schema";

export type ConversationQuery = NonNullable<paths["/api/v1/conversations"]["get"]["parameters"]["query"]>;
export type ViewName = NonNullable<ConversationQuery["view"]>;
export type StatusFilter = NonNullable<ConversationQuery["status"]>;

/** What the URL names: /inbox/mine, /inbox/team/{teamId}, … */
export interface InboxRoute {
  view: ViewName;
  teamId?: string;
}

export const routeViews = ["mine", "unassigned", "sent", "archived", "deleted", "all"] as const satisfies readonly ViewName[];

export function parseRoute(view: string | undefined, teamId: string | undefined): InboxRoute | null {
  if (teamId) return { view: "team", teamId };
  return (routeViews as readonly string[]).includes(view ?? "") ? { view: view as ViewName } : null;
}

export function basePath(route: InboxRoute): string {
  return route.view === "team" ? `/inbox/team/${route.teamId}` : `/inbox/${route.view}`;
}

export function conversationPath(route: InboxRoute, id: string, search = ""): string {
  return `${basePath(route)}/c/${id}${search}`;
}

export const viewTitles: Record<Exclude<ViewName, "team">, string> = {
  mine: "My Inbox",
  unassigned: "Unassigned",
  sent: "Sent",
  archived: "Archived",
  deleted: "Deleted",
  all: "All conversations",
};

export const emptyStates: Record<ViewName, string> = {
  mine: "Nothing assigned to you. Conversations you take or are given appear here; pick one from Unassigned or your team's inbox.",
  unassigned: "Every conversation has an owner. New customer messages without an assignee land here.",
  team: "This team's inbox is empty. Conversations assigned to the team or arriving on its channels appear here.",
  sent: "No sent-first conversations. Templates and broadcasts that have no reply yet appear here.",
  archived: "Nothing archived. Archive a conversation (e) to move it out of the way; it stays searchable here.",
  deleted: "The deletion buffer is empty. Deleted conversations wait here until they are purged.",
  all: "No conversations yet. Connect a channel in Settings → Channels and customer messages will arrive here.",
};
