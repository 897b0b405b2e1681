import { useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { api, describeError, unwrap, type Schemas } from "../../api/client";
import { useToast } from "../../components/ui/Toast";

export type Detail = Schemas["ConversationDetail"];
export type Message = Schemas["MessageResponse"];
export type ConversationEvent = Schemas["EventResponse"];
export type Status = Schemas["ConversationStatus"];
type Page = Schemas["PageOfConversationSummary"];

export const conversationKey = (id: string) => ["conversation", id] as const;
export const timelineKey = (id: string) => ["timeline", id] as const;

/** Opening a conversation marks it read for the caller (the server does it on GET). */
export function useConversation(id: string) {
  return useQuery({ queryKey: conversationKey(id), enabled: !!id, queryFn: () => unwrap(api.GET("/api/v1/conversations/{id}", { params: { path: { id } } })) });
}

async function allPages<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>, max = 25): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < max; i++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

/** Messages and events together (in parallel: no waterfall), oldest first as the API pages them. */
export function useTimeline(id: string) {
  return useQuery({
    queryKey: timelineKey(id),
    queryFn: async () => {
      const [messages, events] = await Promise.all([
        allPages((cursor) => unwrap(api.GET("/api/v1/conversations/{id}/messages", { params: { path: { id }, query: { cursor, limit: 200 } } }))),
        allPages((cursor) => unwrap(api.GET("/api/v1/conversations/{id}/events", { params: { path: { id }, query: { cursor, limit: 200 } } }))),
      ]);
      return { messages, events };
    },
  });
}

/** Patches a conversation everywhere it is shown (lists and the open detail). */
export function patchConversation(queryClient: QueryClient, id: string, patch: Partial<Detail>) {
  queryClient.setQueriesData<InfiniteData<Page>>({ queryKey: ["conversations"] }, (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((c) => (c.id === id ? { ...c, ...patch } : c)) })) } : data,
  );
  queryClient.setQueryData<Detail>(conversationKey(id), (d) => (d ? { ...d, ...patch } : d));
}

export type ActionName = "resolve" | "reopen" | "archive" | "unarchive" | "spam" | "unspam" | "hold" | "handover" | "delete" | "restore";

export const actionLabels: Record<ActionName, { done: string; optimistic?: Status }> = {
  resolve: { done: "Resolved", optimistic: "Resolved" },
  reopen: { done: "Reopened", optimistic: "Open" },
  archive: { done: "Archived", optimistic: "Archived" },
  unarchive: { done: "Unarchived" },
  spam: { done: "Marked as spam", optimistic: "Irrelevant" },
  unspam: { done: "No longer spam" },
  hold: { done: "On hold", optimistic: "Pending" },
  handover: { done: "Handed over to the team" },
  delete: { done: "Deleted", optimistic: "Deleted" },
  restore: { done: "Restored" },
};

function callAction(action: ActionName, id: string) {
  const params = { params: { path: { id } } };
  switch (action) {
    case "resolve": return unwrap(api.POST("/api/v1/conversations/{id}/resolve", params));
    case "reopen": return unwrap(api.POST("/api/v1/conversations/{id}/reopen", params));
    case "archive": return unwrap(api.POST("/api/v1/conversations/{id}/archive", params));
    case "unarchive": return unwrap(api.POST("/api/v1/conversations/{id}/unarchive", params));
    case "spam": return unwrap(api.POST("/api/v1/conversations/{id}/spam", params));
    case "unspam": return unwrap(api.POST("/api/v1/conversations/{id}/unspam", params));
    case "hold": return unwrap(api.POST("/api/v1/conversations/{id}/hold", params));
    case "handover": return unwrap(api.POST("/api/v1/conversations/{id}/handover", params));
    case "delete": return unwrap(api.POST("/api/v1/conversations/{id}/delete", params));
    case "restore": return unwrap(api.POST("/api/v1/conversations/{id}/restore", params));
  }
}

function refreshLists(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ["conversations"] });
  void queryClient.invalidateQueries({ queryKey: ["unread"] });
}

/** A status action: the screen changes at once, and rolls back with the server's reason if refused. */
export function useConversationAction() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ action, id }: { action: ActionName; id: string }) => callAction(action, id),
    onMutate: async ({ action, id }) => {
      await queryClient.cancelQueries({ queryKey: ["conversations"] });
      const lists = queryClient.getQueriesData({ queryKey: ["conversations"] });
      const detail = queryClient.getQueryData(conversationKey(id));
      const status = actionLabels[action].optimistic;
      if (status) patchConversation(queryClient, id, { status, displayStatus: status === "Open" ? "In progress" : status });
      return { lists, detail };
    },
    onError: (error, { id }, context) => {
      context?.lists.forEach(([key, data]) => queryClient.setQueryData(key, data));
      if (context?.detail) queryClient.setQueryData(conversationKey(id), context.detail);
      toast(`Not done: ${describeError(error)}`, "error");
    },
    onSuccess: (detail, { action }) => {
      queryClient.setQueryData(conversationKey(detail.id), detail);
      patchConversation(queryClient, detail.id, detail);
      void queryClient.invalidateQueries({ queryKey: timelineKey(detail.id) });
      toast(actionLabels[action].done);
    },
    onSettled: () => refreshLists(queryClient),
  });
}

export function useAssign() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ id, userId, teamId }: { id: string; userId?: string | null; teamId?: string | null }) =>
      unwrap(api.POST("/api/v1/conversations/{id}/assign", { params: { path: { id } }, body: { userId, teamId } })),
    onSuccess: (detail) => {
      queryClient.setQueryData(conversationKey(detail.id), detail);
      patchConversation(queryClient, detail.id, detail);
      void queryClient.invalidateQueries({ queryKey: timelineKey(detail.id) });
      toast(detail.assignee ? `Assigned to ${detail.assignee.name}` : "Unassigned");
    },
    onError: (error) => toast(`Not assigned: ${describeError(error)}`, "error"),
    onSettled: () => refreshLists(queryClient),
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ ids, read, forUserId }: { ids: string[]; read: boolean; forUserId?: string }) =>
      unwrap(api.POST("/api/v1/conversations/read", { body: { ids, read, forUserId } })),
    onMutate: ({ ids, read, forUserId }) => {
      if (!forUserId) ids.forEach((id) => patchConversation(queryClient, id, { unread: !read }));
    },
    onSuccess: (_, { ids, read }) => toast(`${ids.length === 1 ? "Marked" : `${ids.length} marked`} ${read ? "read" : "unread"}`),
    onError: (error) => toast(`Not changed: ${describeError(error)}`, "error"),
    onSettled: () => refreshLists(queryClient),
  });
}

export type BulkAction = NonNullable<Schemas["BulkConversationsRequest"]["action"]>;

export function useBulk() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (body: Schemas["BulkConversationsRequest"]) => unwrap(api.POST("/api/v1/conversations/bulk", { body })),
    onSuccess: (result) => {
      const failed = result.results.filter((r) => !r.ok);
      if (failed.length === 0) toast(`Done for ${result.results.length} conversation${result.results.length === 1 ? "" : "s"}`);
      else toast(`${result.results.length - failed.length} done, ${failed.length} refused: ${failed[0].error ?? "no reason given"}`, "error");
    },
    onError: (error) => toast(`Not done: ${describeError(error)}`, "error"),
    onSettled: () => refreshLists(queryClient),
  });
}

export function usePostMessage(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["PostMessageRequest"]) =>
      unwrap(api.POST("/api/v1/conversations/{id}/messages", { params: { path: { id } }, body })),
    onSuccess: (result) => {
      queryClient.setQueryData<{ messages: Message[]; events: ConversationEvent[] }>(timelineKey(id), (t) =>
        t ? { ...t, messages: [...t.messages.filter((m) => m.id !== result.message.id), result.message] } : t,
      );
      patchConversation(queryClient, id, { status: result.status, displayStatus: result.displayStatus });
      void queryClient.invalidateQueries({ queryKey: timelineKey(id) });
      void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
      refreshLists(queryClient);
    },
  });
}
