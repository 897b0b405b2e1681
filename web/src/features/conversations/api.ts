import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, describeError, unwrap, type Schemas } from "../../api/client";
import { useToast } from "../../components/ui/Toast";

export type Detail = Schemas["ConversationDetail"];
export type Message = Schemas["MessageResponse"];
export type ConversationEvent = Schemas["EventResponse"];
export type Status = Schemas["ConversationStatus"];
type Page = Schemas["PageOfConversationSummary"];

export const conversationKey = (id: string) => ["conversation", id] as const;
/** Both timeline streams of a conversation: invalidating this refreshes messages and events. */
export const timelineKey = (id: string) => ["timeline", id] as const;
export const messagesKey = (id: string) => ["timeline", id, "messages"] as const;
export const eventsKey = (id: string) => ["timeline", id, "events"] as const;

/** Opening a conversation marks it read for the caller (the server does it on GET). */
export function useConversation(id: string) {
  // Opening always asks the server, even with a fresh copy cached from a moment ago: the GET is what
  // marks it read, and what arrived while it was closed must show.
  return useQuery({ queryKey: conversationKey(id), enabled: !!id, refetchOnMount: "always", queryFn: () => unwrap(api.GET("/api/v1/conversations/{id}", { params: { path: { id } } })) });
}

type MessagePage = Schemas["PageOfMessageResponse"];
type EventPage = Schemas["PageOfEventResponse"];
export type MessagePages = InfiniteData<MessagePage, string | undefined>;

/** The newest page of a long conversation paints fast; older ones follow as the reader scrolls up. */
export const timelinePageSize = 50;

// order "newest": the first page holds the newest items and nextCursor continues towards older ones.
export function fetchTimelinePage(stream: "messages", id: string, cursor: string | undefined): Promise<MessagePage>;
export function fetchTimelinePage(stream: "events", id: string, cursor: string | undefined): Promise<EventPage>;
export function fetchTimelinePage(stream: "messages" | "events", id: string, cursor: string | undefined): Promise<MessagePage | EventPage> {
  const query = { cursor, limit: timelinePageSize, order: "newest" as const };
  return stream === "messages"
    ? unwrap(api.GET("/api/v1/conversations/{id}/messages", { params: { path: { id }, query } }))
    : unwrap(api.GET("/api/v1/conversations/{id}/events", { params: { path: { id }, query } }));
}

/**
 * Messages and events, each paged newest first. Both first pages start with the component (and
 * with the conversation's own GET): one round of parallel requests, no waterfall.
 */
export function useTimelinePages(id: string) {
  const messages = useInfiniteQuery({
    queryKey: messagesKey(id),
    queryFn: ({ pageParam }) => fetchTimelinePage("messages", id, pageParam),
    refetchOnMount: "always",
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const events = useInfiniteQuery({
    queryKey: eventsKey(id),
    queryFn: ({ pageParam }) => fetchTimelinePage("events", id, pageParam),
    refetchOnMount: "always",
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  return { messages, events };
}

/** Applies a change to one message wherever it sits in the loaded pages. */
export function patchMessage(queryClient: QueryClient, conversationId: string, messageId: string, patch: Partial<Message>) {
  queryClient.setQueryData<MessagePages>(messagesKey(conversationId), (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((m) => (m.id === messageId ? { ...m, ...patch } : m)) })) } : data,
  );
}

/** Puts a message just written at the newest end of the loaded pages (until the refetch confirms it). */
export function addMessage(queryClient: QueryClient, conversationId: string, message: Message) {
  queryClient.setQueryData<MessagePages>(messagesKey(conversationId), (data) => {
    if (!data || data.pages.length === 0) return data;
    const pages = data.pages.map((p) => ({ ...p, items: p.items.filter((m) => m.id !== message.id) }));
    pages[0] = { ...pages[0], items: [message, ...pages[0].items] };
    return { ...data, pages };
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

const displayOf = (status: Status, c: Pick<Detail, "firstReplyAt"> | undefined) => (status === "Open" ? (c?.firstReplyAt ? "In progress" : "New") : status);

/** What each action says when done, and how the screen looks before the server answers (the server's rules, Conversation.cs). */
export const actionLabels: Record<ActionName, { done: string; optimistic?: (c: Detail | undefined) => Partial<Detail> | null }> = {
  resolve: { done: "Resolved", optimistic: () => ({ status: "Resolved", isSpam: false }) },
  reopen: { done: "Reopened", optimistic: () => ({ status: "Open", isSpam: false }) },
  archive: { done: "Archived", optimistic: (c) => ({ status: "Archived", previousStatus: c?.status ?? null }) },
  unarchive: { done: "Unarchived", optimistic: (c) => ({ status: c?.previousStatus ?? "Open", previousStatus: null }) },
  spam: { done: "Marked as spam", optimistic: () => ({ status: "Irrelevant", isSpam: true }) },
  unspam: { done: "No longer spam", optimistic: () => ({ status: "Open", isSpam: false }) },
  hold: { done: "On hold", optimistic: () => ({ status: "Pending" }) },
  handover: { done: "Handed over to the team", optimistic: () => ({ status: "Open" }) },
  delete: { done: "Deleted", optimistic: () => ({ status: "Deleted" }) },
  // Restore goes back to the status before the delete, which the API does not show: wait for it.
  restore: { done: "Restored" },
};

/** The optimistic look of an action on a conversation (null: nothing to show before the answer). */
export function optimisticPatch(action: ActionName, c: Detail | undefined): Partial<Detail> | null {
  const patch = actionLabels[action].optimistic?.(c) ?? null;
  return patch?.status ? { ...patch, displayStatus: displayOf(patch.status, c) } : patch;
}

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

/** Keeps what the lists and the detail looked like, to put back if the server refuses. */
async function snapshot(queryClient: QueryClient, id: string) {
  await queryClient.cancelQueries({ queryKey: ["conversations"] });
  await queryClient.cancelQueries({ queryKey: conversationKey(id) });
  return { lists: queryClient.getQueriesData({ queryKey: ["conversations"] }), detail: queryClient.getQueryData<Detail>(conversationKey(id)) };
}

function rollback(queryClient: QueryClient, id: string, context: Awaited<ReturnType<typeof snapshot>> | undefined) {
  context?.lists.forEach(([key, data]) => queryClient.setQueryData(key, data));
  if (context?.detail) queryClient.setQueryData(conversationKey(id), context.detail);
}

/** The server answered with the conversation as it is now: show exactly that everywhere. */
function settleDetail(queryClient: QueryClient, detail: Detail) {
  queryClient.setQueryData(conversationKey(detail.id), detail);
  patchConversation(queryClient, detail.id, detail);
  void queryClient.invalidateQueries({ queryKey: eventsKey(detail.id) });
}

/** A status action: the screen changes at once, and rolls back with the server's reason if refused. */
export function useConversationAction() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ action, id }: { action: ActionName; id: string }) => callAction(action, id),
    onMutate: async ({ action, id }) => {
      const context = await snapshot(queryClient, id);
      const patch = optimisticPatch(action, context.detail);
      if (patch) patchConversation(queryClient, id, patch);
      return context;
    },
    onError: (error, { id }, context) => {
      rollback(queryClient, id, context);
      toast(`Not done: ${describeError(error)}`, "error");
    },
    onSuccess: (detail, { action }) => {
      settleDetail(queryClient, detail);
      toast(actionLabels[action].done);
    },
    onSettled: () => refreshLists(queryClient),
  });
}

export type ConversationEdit = Pick<Schemas["UpdateConversationRequest"], "subject" | "tags">;

/** Tags and subject: PATCH with only the fields changed (tags as the full list), shown at once. */
export function useUpdateConversation() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ id, edit }: { id: string; edit: ConversationEdit }) =>
      unwrap(api.PATCH("/api/v1/conversations/{id}", { params: { path: { id } }, body: edit })),
    onMutate: async ({ id, edit }) => {
      const context = await snapshot(queryClient, id);
      const patch: Partial<Detail> = {};
      if (edit.tags) patch.tags = edit.tags;
      if (edit.subject !== undefined) patch.subject = edit.subject?.trim() || null;
      patchConversation(queryClient, id, patch);
      return context;
    },
    onError: (error, { id, edit }, context) => {
      rollback(queryClient, id, context);
      const field = error instanceof ApiError ? error.field(edit.tags ? "tags" : "subject") : undefined;
      toast(`Not saved: ${field ?? describeError(error)}`, "error");
    },
    onSuccess: (detail) => settleDetail(queryClient, detail),
    onSettled: () => refreshLists(queryClient),
  });
}

export function useAssign() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ id, userId, teamId }: { id: string; userId?: string | null; teamId?: string | null; label?: string }) =>
      unwrap(api.POST("/api/v1/conversations/{id}/assign", { params: { path: { id } }, body: { userId, teamId } })),
    onMutate: async ({ id, userId, teamId, label }) => {
      const context = await snapshot(queryClient, id);
      const patch: Partial<Detail> = {};
      if (userId !== undefined) patch.assignee = userId ? { id: userId, name: label ?? context.detail?.assignee?.name ?? "" } : null;
      if (teamId) patch.teamId = teamId;
      patchConversation(queryClient, id, patch);
      return context;
    },
    onSuccess: (detail) => {
      settleDetail(queryClient, detail);
      toast(detail.assignee ? `Assigned to ${detail.assignee.name}` : "Unassigned");
    },
    onError: (error, { id }, context) => {
      rollback(queryClient, id, context);
      toast(`Not assigned: ${describeError(error)}`, "error");
    },
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

/** The assignee's own read state as the server reports it to an admin; null when it does not. */
export function assigneeUnreadOf(c: Detail): boolean | null {
  return c.assigneeUnread ?? null;
}

/** An admin marks a conversation read or unread for its assignee (after a confirmation). */
export function useMarkReadFor() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ id, read, user }: { id: string; read: boolean; user: { id: string; name: string } }) =>
      unwrap(api.POST("/api/v1/conversations/read", { body: { ids: [id], read, forUserId: user.id } })),
    onMutate: async ({ id, read }) => {
      const context = await snapshot(queryClient, id);
      queryClient.setQueryData<Detail>(conversationKey(id), (d) => (d ? { ...d, assigneeUnread: !read } : d));
      return context;
    },
    onSuccess: (_, { read, user }) => toast(`Marked ${read ? "read" : "unread"} for ${user.name}`),
    onError: (error, { id }, context) => {
      rollback(queryClient, id, context);
      toast(`Not changed: ${describeError(error)}`, "error");
    },
    onSettled: (_, __, { id }) => {
      void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
      refreshLists(queryClient);
    },
  });
}

/** Pin or unpin an internal note: the pin shows at once and comes off again if refused. */
export function usePinNote(conversationId: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ messageId, pinned }: { messageId: string; pinned: boolean }) => {
      const params = { params: { path: { id: conversationId, messageId } } };
      return pinned
        ? unwrap(api.POST("/api/v1/conversations/{id}/notes/{messageId}/pin", params))
        : unwrap(api.POST("/api/v1/conversations/{id}/notes/{messageId}/unpin", params));
    },
    onMutate: async ({ messageId, pinned }) => {
      await queryClient.cancelQueries({ queryKey: messagesKey(conversationId) });
      const before = queryClient.getQueryData<MessagePages>(messagesKey(conversationId));
      patchMessage(queryClient, conversationId, messageId, { isPinned: pinned });
      return { before };
    },
    onError: (error, _, context) => {
      if (context?.before) queryClient.setQueryData(messagesKey(conversationId), context.before);
      toast(`Not changed: ${describeError(error)}`, "error");
    },
    onSuccess: (detail, { pinned }) => {
      settleDetail(queryClient, detail);
      toast(pinned ? "Note pinned" : "Note unpinned");
    },
  });
}

/**
 * Merges `from` into `into`: `into` keeps everything (messages, events, tags, reminders) and
 * `from` is gone. Not optimistic: the screen moves to the survivor once the server agrees.
 */
export function useMerge() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ from, into }: { from: string; into: string }) =>
      unwrap(api.POST("/api/v1/conversations/{id}/merge", { params: { path: { id: from } }, body: { intoId: into } })),
    onSuccess: (detail, { from }) => {
      queryClient.removeQueries({ queryKey: conversationKey(from) });
      queryClient.removeQueries({ queryKey: timelineKey(from) });
      settleDetail(queryClient, detail);
      void queryClient.invalidateQueries({ queryKey: timelineKey(detail.id) });
      void queryClient.invalidateQueries({ queryKey: ["contact-conversations"] });
      toast("Conversations merged");
    },
    onSettled: () => refreshLists(queryClient),
  });
}

export function useAddReminder(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["AddReminderRequest"]) =>
      unwrap(api.POST("/api/v1/conversations/{id}/reminders", { params: { path: { id: conversationId } }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: eventsKey(conversationId) }),
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
      addMessage(queryClient, id, result.message);
      patchConversation(queryClient, id, { status: result.status, displayStatus: result.displayStatus });
      void queryClient.invalidateQueries({ queryKey: timelineKey(id) });
      void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
      refreshLists(queryClient);
    },
  });
}
