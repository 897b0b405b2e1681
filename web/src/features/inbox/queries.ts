import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { isAdmin, useMe } from "../auth/useMe";
import type { InboxRoute } from "./views";

export type Team = Schemas["TeamSummary"];
export type User = Schemas["UserResponse"];

export function useTeams() {
  return useQuery({
    queryKey: ["teams"],
    queryFn: () => unwrap(api.GET("/api/v1/teams", { params: { query: { limit: 200 } } })),
    staleTime: 5 * 60_000,
    select: (page) => page.items,
  });
}

/** The organisation's people (admins may list them; agents get only themselves). */
export function useUsers() {
  const me = useMe();
  const admin = isAdmin(me.data);
  const users = useQuery({
    queryKey: ["users"],
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { limit: 200 } } })),
    staleTime: 5 * 60_000,
    enabled: admin,
    select: (page) => page.items,
  });
  const list: User[] = users.data ?? (me.data ? [me.data.user] : []);
  return { users: list, byId: new Map(list.map((u) => [u.id, u])) };
}

/** One rail entry's unread count; `more` means the server stopped counting ("99+"). */
export type UnreadCount = Schemas["UnreadCount"];

// Starts with "unread" so every `invalidateQueries({ queryKey: ["unread"] })` after an action refreshes it.
export const unreadCountsKey = ["unread", "counts"] as const;

/** Every rail count in one request (it used to be one list request per rail entry). */
export async function fetchUnreadCounts(): Promise<UnreadCount[]> {
  return (await unwrap(api.GET("/api/v1/conversations/unread-counts"))).views;
}

/** `enabled` false holds the request back (the screen asks once its list has arrived) yet still shows what the cache has. */
export function useUnreadCounts(enabled = true) {
  return useQuery({ queryKey: unreadCountsKey, queryFn: fetchUnreadCounts, staleTime: 30_000, enabled });
}

/** The count of one rail entry, or undefined when the server did not count it. */
export function countFor(counts: readonly UnreadCount[] | undefined, route: InboxRoute): UnreadCount | undefined {
  return counts?.find((c) => c.view === route.view && (route.view !== "team" || c.teamId === route.teamId));
}

/** What a badge shows: nothing for zero, the number, or "99+" once the server stopped counting. */
export function formatCount(count: Pick<UnreadCount, "count" | "more"> | undefined): string | null {
  if (!count || (count.count <= 0 && !count.more)) return null;
  return count.more || count.count > 99 ? "99+" : String(count.count);
}

/** How a screen reader says it. */
export function describeCount(count: Pick<UnreadCount, "count" | "more">): string {
  return count.more || count.count > 99 ? "more than 99 unread" : `${count.count} unread`;
}
