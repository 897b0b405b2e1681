import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { useConversationPages, type Page, type Summary } from "./useConversationPages";

const summary = (n: number): Summary => ({
  id: `00000000-0000-7000-8000-${String(n).padStart(12, "0")}`,
  contact: { id: `c${n}`, name: `Contact ${n}`, phone: null },
  channelId: "ch",
  status: "Open",
  displayStatus: "New",
  assignee: null,
  teamId: null,
  subject: null,
  priority: "Normal",
  tags: [],
  lastActivityAt: "2026-01-01T00:00:00Z",
  lastMessagePreview: "hi",
  unread: true,
});

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

describe("list paging", () => {
  it("asks for the next cursor, appends the page, and stops when nextCursor is null", async () => {
    const pages: Record<string, Page> = {
      first: { items: [summary(1), summary(2)], nextCursor: "cursor-2" },
      "cursor-2": { items: [summary(3)], nextCursor: null },
    };
    const fetchPage = vi.fn(async (_filters: unknown, cursor: string | undefined) => pages[cursor ?? "first"]);
    const { result } = renderHook(() => useConversationPages({ view: "mine" }, fetchPage), { wrapper });

    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(fetchPage).toHaveBeenLastCalledWith({ view: "mine" }, undefined);
    expect(result.current.hasNextPage).toBe(true);

    await act(() => result.current.fetchNextPage());
    expect(fetchPage).toHaveBeenLastCalledWith({ view: "mine" }, "cursor-2");
    await waitFor(() => expect(result.current.data?.pages.flatMap((p) => p.items).map((c) => c.contact.name)).toEqual(["Contact 1", "Contact 2", "Contact 3"]));
    expect(result.current.hasNextPage).toBe(false);

    await act(() => result.current.fetchNextPage());
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it("passes the filters to every page", async () => {
    const fetchPage = vi.fn(async () => ({ items: [], nextCursor: null }) as Page);
    const { result } = renderHook(() => useConversationPages({ view: "team", teamId: "t1", q: "+1 555", status: "Pending" }, fetchPage), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(fetchPage).toHaveBeenCalledWith({ view: "team", teamId: "t1", q: "+1 555", status: "Pending" }, undefined);
    expect(result.current.hasNextPage).toBe(false);
  });
});
