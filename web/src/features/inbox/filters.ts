import { statusLabels } from "../conversations/StatusBadge";
import type { Filters } from "./useConversationPages";
import type { InboxRoute, StatusFilter } from "./views";

/**
 * The list's search and filters live in the URL (`?status=Pending&channelId=…&tag=vip&assigneeId=…&unread=1&q=…`,
 * the API's own parameter names), so a reload, back/forward and a shared link show the same list.
 */
export interface ListFilters {
  q?: string;
  status?: StatusFilter;
  channelId?: string;
  tag?: string;
  assigneeId?: string;
  unread?: true;
}

export type FilterKey = "status" | "channelId" | "tag" | "assigneeId" | "unread";
export const filterKeys: readonly FilterKey[] = ["status", "channelId", "tag", "assigneeId", "unread"];

const statuses = new Set(Object.keys(statusLabels));
const clean = (v: string | null) => v?.trim() || undefined;

/** What the URL asks for; values the API would refuse (an unknown status) are left out. */
export function readFilters(params: URLSearchParams): ListFilters {
  const status = clean(params.get("status"));
  return {
    q: clean(params.get("q")),
    status: status && statuses.has(status) ? (status as StatusFilter) : undefined,
    channelId: clean(params.get("channelId")),
    tag: clean(params.get("tag")),
    assigneeId: clean(params.get("assigneeId")),
    unread: params.get("unread") === "1" ? true : undefined,
  };
}

/** A copy of the params with one filter set (or removed when the value is empty). */
export function withFilter(params: URLSearchParams, key: FilterKey | "q", value: string | undefined): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}

/** A copy without any filter; the search stays unless `search` is true too. */
export function withoutFilters(params: URLSearchParams, search = false): URLSearchParams {
  const next = new URLSearchParams(params);
  filterKeys.forEach((k) => next.delete(k));
  if (search) next.delete("q");
  return next;
}

export const activeFilterCount = (f: ListFilters) => filterKeys.filter((k) => f[k] !== undefined).length;

/** The list request for a rail view and what the URL asks for. */
export function toQuery(route: InboxRoute, f: ListFilters): Filters {
  const query: Filters = { view: route.view };
  if (route.teamId) query.teamId = route.teamId;
  if (f.q) query.q = f.q;
  if (f.status) query.status = f.status;
  if (f.channelId) query.channelId = f.channelId;
  if (f.tag) query.tag = f.tag;
  if (f.assigneeId) query.assigneeId = f.assigneeId;
  if (f.unread) query.unread = true;
  return query;
}
