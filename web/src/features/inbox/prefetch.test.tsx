import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setUnauthorizedHandler } from "../../api/client";
import { prefetchCurrentList, routeOfPath } from "./prefetch";
import { useConversationPages } from "./useConversationPages";

// The API clients keep the fetch they were created with: replace it before the client module loads.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(request: Request) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });

const listRequests = () => fetchMock.mock.calls.map(([r]) => new URL(r.url)).filter((u) => u.pathname === "/api/v1/conversations");

describe("the start-up list request", () => {
  beforeEach(() => {
    fetchMock.mockReset();
  });
  afterEach(() => setUnauthorizedHandler(undefined));

  it("knows which list a path shows", () => {
    expect(routeOfPath("/")).toEqual({ view: "mine" });
    expect(routeOfPath("/inbox/unassigned")).toEqual({ view: "unassigned" });
    expect(routeOfPath("/inbox/mine/c/0199")).toEqual({ view: "mine" });
    expect(routeOfPath("/inbox/team/t-1/c/0199")).toEqual({ view: "team", teamId: "t-1" });
    expect(routeOfPath("/sign-in")).toBeNull();
    expect(routeOfPath("/inbox/nonsense")).toBeNull();
  });

  it("is the list's own first request: the list does not ask again", async () => {
    fetchMock.mockImplementation(async () => json({ items: [], nextCursor: null }));
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 15_000 } } });
    expect(prefetchCurrentList(client, { pathname: "/inbox/team/t-1", search: "?status=Pending&q=ada" })).toBe(true);
    await waitFor(() => expect(listRequests()).toHaveLength(1));
    const sent = listRequests()[0].searchParams;
    expect(Object.fromEntries(sent)).toEqual({ view: "team", teamId: "t-1", status: "Pending", q: "ada", limit: "50" });

    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useConversationPages({ view: "team", teamId: "t-1", q: "ada", status: "Pending" }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(listRequests()).toHaveLength(1);
  });

  it("does not take a signed-out visitor's 401 for an expired session", async () => {
    const expired = vi.fn();
    setUnauthorizedHandler(expired);
    fetchMock.mockImplementation(async () => json({ title: "Unauthorized" }, 401));
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    prefetchCurrentList(client, { pathname: "/inbox/mine", search: "" });
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(client.getQueryState(["conversations", { view: "mine" }])?.status).toBe("error"));
    expect(expired).not.toHaveBeenCalled();
  });

  it("asks nothing on the sign-in and setup pages", () => {
    const client = new QueryClient();
    expect(prefetchCurrentList(client, { pathname: "/sign-in", search: "" })).toBe(false);
    expect(prefetchCurrentList(client, { pathname: "/setup", search: "" })).toBe(false);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
