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

/** Unread count of one rail entry: the API has no count, so count an unread page (shows 99+). */
export function useUnreadCount(route: InboxRoute) {
  return useQuery({
    queryKey: ["unread", route.view, route.teamId ?? null],
    queryFn: () =>
      unwrap(api.GET("/api/v1/conversations", { params: { query: { view: route.view, teamId: route.teamId, unread: true, limit: 100 } } })),
    select: (page) => (page.nextCursor || page.items.length > 99 ? "99+" : page.items.length),
    staleTime: 30_000,
  });
}
