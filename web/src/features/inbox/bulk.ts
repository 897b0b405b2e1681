import { useMutation, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { api, describeError, unwrap, type Schemas } from "../../api/client";
import { useToast } from "../../components/ui/Toast";
import { conversationKey, type Detail } from "../conversations/api";
import type { Page, Summary } from "./useConversationPages";

export type BulkKind = "read" | "unread" | "assign" | "resolve" | "archive" | "tag";
type Outcome = Schemas["BulkConversationsOutcome"];

export interface BulkRequest {
  kind: BulkKind;
  ids: string[];
  /** assign: the person (null: nobody) and/or the team, as AssignDialog picks them. */
  userId?: string | null;
  teamId?: string | null;
  /** assign: the person's name, shown at once. */
  assigneeName?: string;
  tag?: string;
}

const NOBODY = "00000000-0000-0000-0000-000000000000"; // the API's "unassign" (null leaves the assignee as is)

export function toBody(r: BulkRequest): Schemas["BulkConversationsRequest"] {
  if (r.kind === "tag") return { ids: r.ids, action: "tag", tag: r.tag };
  if (r.kind === "assign") {
    // A team pick moves it to the team inbox and leaves the person to the server's rules.
    if (r.teamId) return { ids: r.ids, action: "assign", teamId: r.teamId, userId: r.userId ?? undefined };
    return { ids: r.ids, action: "assign", userId: r.userId ?? NOBODY };
  }
  return { ids: r.ids, action: r.kind };
}

const done: Record<BulkKind, (n: string, r: BulkRequest) => string> = {
  read: (n) => `Marked ${n} read`,
  unread: (n) => `Marked ${n} unread`,
  resolve: (n) => `Resolved ${n}`,
  archive: (n) => `Archived ${n}`,
  assign: (n, r) => (r.assigneeName ? `Assigned ${n} to ${r.assigneeName}` : r.teamId ? `Moved ${n} to the team` : `Unassigned ${n}`),
  tag: (n, r) => `Tagged ${n} “${r.tag}”`,
};

const conversations = (n: number) => `${n} conversation${n === 1 ? "" : "s"}`;

/** The toast after a bulk action: how many were done, and why the others were refused. */
export function bulkSummary(request: BulkRequest, results: readonly Outcome[]): { text: string; tone: "info" | "error" } {
  const refused = results.filter((r) => !r.ok);
  const ok = results.length - refused.length;
  if (refused.length === 0) return { text: `${done[request.kind](conversations(ok), request)}.`, tone: "info" };
  const reasons = new Map<string, number>();
  refused.forEach((r) => reasons.set(r.error ?? "No reason given.", (reasons.get(r.error ?? "No reason given.") ?? 0) + 1));
  const why = [...reasons].map(([reason, n]) => (reasons.size > 1 || n > 1 ? `${reason} (${n})` : reason)).join(" ");
  const head = ok ? `${done[request.kind](conversations(ok), request)}; ${refused.length} refused: ` : `None done; ${refused.length === 1 ? "refused" : `all ${refused.length} refused`}: `;
  return { text: `${head}${why}`, tone: "error" };
}

/** The change a bulk action makes to a row, shown before the server answers (as the single actions do). */
function optimistic(r: BulkRequest, c: Summary): Partial<Summary> | null {
  switch (r.kind) {
    case "read": return { unread: false };
    case "unread": return { unread: true };
    case "resolve": return { status: "Resolved", displayStatus: "Resolved" };
    case "archive": return { status: "Archived", displayStatus: "Archived" };
    case "tag": return r.tag && !c.tags.includes(r.tag) ? { tags: [...c.tags, r.tag] } : null;
    case "assign":
      if (r.userId && r.assigneeName) return { assignee: { id: r.userId, name: r.assigneeName } };
      if (r.userId === null && !r.teamId) return { assignee: null };
      return null;
  }
}

/** Rewrites the given rows in every cached list and open conversation. */
function patchRows(queryClient: QueryClient, ids: ReadonlySet<string>, patch: (c: Summary) => Partial<Summary> | null) {
  queryClient.setQueriesData<InfiniteData<Page>>({ queryKey: ["conversations"] }, (data) =>
    data?.pages
      ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((c) => (ids.has(c.id) ? { ...c, ...patch(c) } : c)) })) }
      : data,
  );
  ids.forEach((id) => queryClient.setQueryData<Detail>(conversationKey(id), (d) => (d ? { ...d, ...patch(d) } : d)));
}

function rowsById(lists: [unknown, InfiniteData<Page> | undefined][]) {
  const map = new Map<string, Summary>();
  lists.forEach(([, data]) => data?.pages?.forEach((p) => p.items.forEach((c) => map.set(c.id, c))));
  return map;
}

/** Bulk read, unread, assign, resolve, archive and tag: optimistic, rolled back where refused. */
export function useBulkActions() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (r: BulkRequest) => unwrap(api.POST("/api/v1/conversations/bulk", { body: toBody(r) })),
    onMutate: async (r) => {
      await queryClient.cancelQueries({ queryKey: ["conversations"] });
      const lists = queryClient.getQueriesData<InfiniteData<Page>>({ queryKey: ["conversations"] });
      const details = r.ids.map((id) => [id, queryClient.getQueryData<Detail>(conversationKey(id))] as const);
      patchRows(queryClient, new Set(r.ids), (c) => optimistic(r, c));
      return { lists, details };
    },
    onError: (error, _r, context) => {
      context?.lists.forEach(([key, data]) => queryClient.setQueryData(key, data));
      context?.details.forEach(([id, d]) => d && queryClient.setQueryData(conversationKey(id), d));
      toast(`Not done: ${describeError(error)}`, "error");
    },
    onSuccess: (result, r, context) => {
      const refused = result.results.filter((x) => !x.ok).map((x) => x.id);
      if (refused.length && context) {
        // Put back what the server refused; what it did stays.
        const before = rowsById(context.lists);
        patchRows(queryClient, new Set(refused), (c) => {
          const b = before.get(c.id);
          return b ? { status: b.status, displayStatus: b.displayStatus, unread: b.unread, assignee: b.assignee, tags: b.tags } : null;
        });
        context.details.forEach(([id, d]) => d && refused.includes(id) && queryClient.setQueryData(conversationKey(id), d));
      }
      const { text, tone } = bulkSummary(r, result.results);
      toast(text, tone);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ["conversations"] });
      void queryClient.invalidateQueries({ queryKey: ["unread"] });
    },
  });
}
