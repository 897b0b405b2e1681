import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { conversationKey, timelineKey } from "../conversations/api";

/**
 * The fields of a live event the app reads. The stream (GET /api/v1/stream, text/event-stream) has
 * no schema in the API description, so this names only what docs/architecture.md "Live updates" promises.
 */
interface LiveNotice {
  conversationId?: string;
}

const types = ["message.created", "conversation.status", "conversation.assigned", "read.changed"] as const;

/** Patches lists and the open conversation as changes arrive; reloads what is shown after a reconnect. */
export function useLiveStream(openId: string | null, announce: (text: string) => void) {
  const queryClient = useQueryClient();
  const open = useRef(openId);
  open.current = openId;
  const say = useRef(announce);
  say.current = announce;
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/v1/stream", { withCredentials: true });
    let dropped = false;
    source.onerror = () => {
      dropped = true;
    };
    source.onopen = () => {
      // Live updates are best-effort: after a drop, catch up by reloading what is shown.
      if (dropped) void queryClient.invalidateQueries();
      dropped = false;
    };
    const onEvent = (type: (typeof types)[number]) => (e: MessageEvent<string>) => {
      let notice: LiveNotice = {};
      try {
        notice = JSON.parse(e.data) as LiveNotice;
      } catch {
        /* a malformed event changes nothing */
      }
      void queryClient.invalidateQueries({ queryKey: ["conversations"] });
      void queryClient.invalidateQueries({ queryKey: ["unread"] });
      const id = notice.conversationId;
      if (id && id === open.current) {
        if (type === "message.created") void queryClient.invalidateQueries({ queryKey: timelineKey(id) });
        if (type !== "read.changed") void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
      }
      if (type === "message.created") say.current(id === open.current ? "New message in this conversation" : "New message");
      if (type === "conversation.assigned") say.current("A conversation was assigned");
    };
    const listeners = types.map((t) => [t, onEvent(t)] as const);
    listeners.forEach(([t, l]) => source.addEventListener(t, l as EventListener));
    return () => source.close();
  }, [queryClient]);
}
