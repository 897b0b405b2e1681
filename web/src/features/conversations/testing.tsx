// Test helpers for this feature: the app's providers around a component, and answers for a mocked fetch.
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { ToastProvider } from "../../components/ui/Toast";
import { TooltipProvider } from "../../components/ui/Tooltip";
import { conversationKey, type Detail } from "./api";

export function renderWithApp(ui: ReactNode, client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })) {
  const result = render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <TooltipProvider>{ui}</TooltipProvider>
      </ToastProvider>
    </QueryClientProvider>,
  );
  return { ...result, client };
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });

/** Renders `children` with the conversation as the cache holds it now (as the app's screens do). */
export function FromCache({ id, children }: { id: string; children: (c: Detail) => ReactNode }) {
  const { data } = useQuery<Detail>({ queryKey: conversationKey(id), enabled: false, queryFn: () => Promise.reject(new Error("not fetched in tests")) });
  return data ? <>{children(data)}</> : null;
}

export function detail(overrides: Partial<Detail> = {}): Detail {
  return {
    id: "0199a0c4-0000-7000-8000-000000000001",
    contact: { id: "0199a0c4-0000-7000-8000-0000000000c1", name: "Carla Customer", phone: "+15550102000" },
    channelId: "0199a0c4-0000-7000-8000-0000000000a1",
    channelType: "Sms",
    careWindow: null,
    status: "Open",
    displayStatus: "In progress",
    previousStatus: null,
    isSpam: false,
    assignee: null,
    teamId: null,
    subject: null,
    priority: "Normal",
    tags: [],
    createdAt: "2026-03-02T09:00:00Z",
    lastActivityAt: "2026-03-04T10:00:00Z",
    lastInboundAt: "2026-03-04T10:00:00Z",
    firstReplyAt: "2026-03-02T09:05:00Z",
    lastMessagePreview: "Hello",
    unread: false,
    assigneeUnread: null,
    ...overrides,
  };
}
