import { useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { contactLabel } from "../../lib/names";
import { conversationKey, timelineKey, type Detail } from "../conversations/api";
import { isCustomerMessage, notificationsOn, shouldNotify, showNotification, type MessageNotice } from "./notifications";
import { connectLive, type LiveState } from "./reconnect";

type Page = Schemas["PageOfConversationSummary"];

/**
 * The fields of a live event the app reads (LiveEvent in src/Parley.Server/Live/LiveBus.cs). The
 * stream is text/event-stream and has no schema in the API description.
 */
interface LiveNotice extends MessageNotice {
  type?: string;
  teamId?: string | null;
  status?: string;
  forUserId?: string | null;
}

export const liveTypes = ["message.created", "message.status", "conversation.status", "conversation.assigned", "conversation.moved", "conversation.purged", "read.changed"] as const;

/** The contact's name from what is already loaded (lists or the open conversation). */
export function cachedContactName(queryClient: QueryClient, id: string): string | undefined {
  const detail = queryClient.getQueryData<Detail>(conversationKey(id));
  if (detail) return contactLabel(detail.contact);
  for (const [, data] of queryClient.getQueriesData<InfiniteData<Page>>({ queryKey: ["conversations"] })) {
    const found = data?.pages?.flatMap((p) => p.items).find((c) => c.id === id);
    if (found) return contactLabel(found.contact);
  }
  return undefined;
}

/**
 * A conversation that just had a message is at the top of the newest-first list; never its detail
 * (opening it would mark it read).
 */
async function contactName(queryClient: QueryClient, id: string): Promise<string | undefined> {
  const cached = cachedContactName(queryClient, id);
  if (cached) return cached;
  try {
    const page = await unwrap(api.GET("/api/v1/conversations", { params: { query: { view: "all", limit: 10 } } }));
    const found = page.items.find((c) => c.id === id);
    return found ? contactLabel(found.contact) : undefined;
  } catch {
    return undefined;
  }
}

export interface LiveStreamOptions {
  openId: string | null;
  meId: string | undefined;
  /** Said by the page's aria-live region. */
  announce: (text: string) => void;
  /** A desktop notification was clicked: open this conversation (mine: assigned to me). */
  onOpen: (conversationId: string, mine: boolean) => void;
}

/**
 * Patches lists and the open conversation as changes arrive over GET /api/v1/stream, reconnects
 * with backoff after a drop and then reloads what is shown (events in between are lost).
 */
export function useLiveStream(options: LiveStreamOptions): LiveState {
  const queryClient = useQueryClient();
  const latest = useRef(options);
  latest.current = options;
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    // Events come in bursts (a bulk action of 200 is 200 events): reload each thing once per burst.
    const pending = { lists: false, timeline: false, detail: false };
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      flushTimer = null;
      const id = latest.current.openId;
      if (pending.lists) {
        void queryClient.invalidateQueries({ queryKey: ["conversations"] });
        void queryClient.invalidateQueries({ queryKey: ["unread"] });
      }
      if (id && pending.detail) void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
      if (id && pending.timeline) void queryClient.invalidateQueries({ queryKey: timelineKey(id) });
      pending.lists = pending.timeline = pending.detail = false;
    };
    const schedule = (what: Partial<typeof pending>) => {
      Object.assign(pending, Object.fromEntries(Object.entries(what).filter(([, v]) => v)));
      flushTimer ??= setTimeout(flush, 60);
    };

    const onEvent = (type: string, data: string) => {
      let notice: LiveNotice = {};
      try {
        notice = JSON.parse(data) as LiveNotice;
      } catch {
        return; // a malformed event changes nothing
      }
      const { openId, meId } = latest.current;
      const id = notice.conversationId;
      const isOpen = !!id && id === openId;
      switch (type) {
        case "message.status":
          if (isOpen) schedule({ timeline: true });
          return;
        case "read.changed":
          schedule({ lists: true });
          return;
        case "message.created":
          schedule({ lists: true, timeline: isOpen, detail: isOpen });
          if (id && isCustomerMessage(notice)) void tell(id, notice, meId);
          return;
        default:
          schedule({ lists: true, timeline: isOpen, detail: isOpen });
          if (type === "conversation.assigned" && id && meId && notice.assigneeId === meId)
            void contactName(queryClient, id).then((name) => latest.current.announce(name ? `A conversation with ${name} was assigned to you` : "A conversation was assigned to you"));
      }
    };

    const tell = async (id: string, notice: LiveNotice, meId: string | undefined) => {
      const name = await contactName(queryClient, id);
      latest.current.announce(name ? `New message from ${name}` : "New message");
      if (shouldNotify(notice, meId, document.visibilityState === "hidden", notificationsOn()))
        showNotification(name ?? "New message", id, () => latest.current.onOpen(id, notice.assigneeId === meId));
    };

    const connection = connectLive({
      url: "/api/v1/stream",
      types: liveTypes,
      onEvent,
      onStateChange: (s) => setState(s),
      onReconnected: () => {
        // Catch up: whatever changed while the stream was down (lists, counts, the open conversation).
        const id = latest.current.openId;
        void queryClient.invalidateQueries({ queryKey: ["conversations"] });
        void queryClient.invalidateQueries({ queryKey: ["unread"] });
        void queryClient.invalidateQueries({ queryKey: ["contact-conversations"] });
        if (id) {
          void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
          void queryClient.invalidateQueries({ queryKey: timelineKey(id) });
        }
      },
    });
    return () => {
      connection.close();
      if (flushTimer) clearTimeout(flushTimer);
    };
  }, [queryClient]);

  return state;
}
