import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { conversationKey, timelineKey } from "../conversations/api";
import { conversationsKey } from "../inbox/useConversationPages";
import { useLiveStream } from "./useLiveStream";

class FakeEventSource {
  static all: FakeEventSource[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  listeners = new Map<string, (ev: MessageEvent<string>) => void>();
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(type: string, l: (ev: MessageEvent<string>) => void) {
    this.listeners.set(type, l);
  }
  close() {}
  emit(type: string, data: object) {
    this.listeners.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

const carla = {
  id: "c1",
  contact: { id: "k1", name: "Carla Customer", phone: "+15550102000" },
  channelId: "ch",
  status: "Open",
  displayStatus: "New",
  assignee: null,
  teamId: null,
  subject: null,
  priority: "Normal",
  tags: [],
  lastActivityAt: "2026-01-01T00:00:00Z",
  lastMessagePreview: "Hello",
  unread: true,
};

function setup(openId: string | null = null) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(conversationsKey({ view: "mine" }), { pages: [{ items: [carla], nextCursor: null }], pageParams: [undefined] });
  const invalidate = vi.spyOn(client, "invalidateQueries").mockResolvedValue(undefined);
  const announce = vi.fn();
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  renderHook(() => useLiveStream({ openId, meId: "u-me", announce, onOpen: () => undefined }), { wrapper });
  return { announce, invalidate, source: FakeEventSource.all[FakeEventSource.all.length - 1] };
}

describe("live stream", () => {
  beforeEach(() => {
    FakeEventSource.all = [];
    vi.stubGlobal("EventSource", FakeEventSource);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("announces a customer's new message by the contact's name and reloads the lists", async () => {
    const { announce, invalidate, source } = setup();
    source.emit("message.created", { type: "message.created", conversationId: "c1", assigneeId: null, data: { direction: "In", kind: "Message" } });
    await waitFor(() => expect(announce).toHaveBeenCalledWith("New message from Carla Customer"));
    await waitFor(() => expect(invalidate).toHaveBeenCalledWith({ queryKey: ["conversations"] }));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["unread"] });
  });

  it("says nothing for our own replies or notes", async () => {
    const { announce, invalidate, source } = setup();
    source.emit("message.created", { conversationId: "c1", data: { direction: "Out", kind: "Message" } });
    source.emit("message.created", { conversationId: "c1", data: { direction: "Out", kind: "Note" } });
    await waitFor(() => expect(invalidate).toHaveBeenCalled());
    expect(announce).not.toHaveBeenCalled();
  });

  it("after a dropped stream comes back, reloads the lists, the counts and the open conversation", async () => {
    const { invalidate, source } = setup("c1");
    source.onopen?.(new Event("open"));
    expect(invalidate).not.toHaveBeenCalled();
    vi.useFakeTimers();
    source.onerror?.(new Event("error"));
    vi.advanceTimersByTime(1500);
    vi.useRealTimers();
    const again = FakeEventSource.all[FakeEventSource.all.length - 1];
    expect(again).not.toBe(source);
    again.onopen?.(new Event("open"));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["conversations"] });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["unread"] });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: conversationKey("c1") });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: timelineKey("c1") });
  });
});
