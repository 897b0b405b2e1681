import type { QueryClient } from "@tanstack/react-query";
import { createApiClient, unwrap } from "../../api/client";
import { readFilters, toQuery } from "./filters";
import { conversationPagesOptions, PAGE_SIZE, type FetchPage } from "./useConversationPages";
import { parseRoute, type InboxRoute } from "./views";

// The start-up request is made before anyone knows whether a session exists: its 401 must not
// count as "your session ended" (RequireAuth sends a signed-out visitor to sign-in by itself).
const quiet = createApiClient({ onUnauthorized: () => undefined });
const fetchQuietly: FetchPage = (filters, cursor) =>
  unwrap(quiet.GET("/api/v1/conversations", { params: { query: { ...filters, cursor, limit: PAGE_SIZE } } }));

/** The inbox view a path shows (the app sends "/" to My Inbox), or null for other pages. */
export function routeOfPath(pathname: string): InboxRoute | null {
  if (pathname === "/" || pathname === "") return { view: "mine" };
  const team = /^\/inbox\/team\/([^/]+)(?:\/|$)/.exec(pathname);
  if (team) return parseRoute(undefined, decodeURIComponent(team[1]));
  const view = /^\/inbox\/([^/]+)(?:\/|$)/.exec(pathname);
  return view ? parseRoute(decodeURIComponent(view[1]), undefined) : null;
}

/**
 * Asks for the first page of the list the URL shows while the session is still being checked
 * (GET /auth/me), instead of after it: the two requests go out together, not one after the other.
 * Same key and options as useConversationPages, so the list picks up this request.
 */
export function prefetchCurrentList(queryClient: QueryClient, location: { pathname: string; search: string }): boolean {
  const route = routeOfPath(location.pathname);
  if (!route) return false;
  const query = toQuery(route, readFilters(new URLSearchParams(location.search)));
  void queryClient.prefetchInfiniteQuery(conversationPagesOptions(query, fetchQuietly));
  return true;
}
