import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { formatCount, unreadCountsKey, type UnreadCount } from "./queries";
import { Rail, UnreadBadge } from "./Rail";
import { Providers, seededClient } from "./test-utils";

// The API client keeps the fetch it was created with: replace it before the client module loads.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(request: Request) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

describe("rail unread counts", { timeout: 20_000 }, () => {
  it("show the number, 99+ once the server stopped counting, and nothing at zero", () => {
    const { rerender } = render(<UnreadBadge count={{ view: "mine", teamId: null, count: 3, more: false }} />);
    expect(screen.getByText("3")).toBeVisible();
    expect(screen.getByText(", 3 unread")).toHaveClass("sr-only");
    rerender(<UnreadBadge count={{ view: "mine", teamId: null, count: 99, more: true }} />);
    expect(screen.getByText("99+")).toBeInTheDocument();
    expect(screen.getByText(", more than 99 unread")).toBeInTheDocument();
    rerender(<UnreadBadge count={{ view: "mine", teamId: null, count: 0, more: false }} />);
    expect(screen.queryByText("0")).not.toBeInTheDocument();
    expect(formatCount({ count: 120, more: false })).toBe("99+");
  });

  it("come from one answer for every view, teams by their id", () => {
    const counts: UnreadCount[] = [
      { view: "mine", teamId: null, count: 2, more: false },
      { view: "unassigned", teamId: null, count: 99, more: true },
      { view: "team", teamId: "t-1", count: 7, more: false },
      { view: "team", teamId: "t-2", count: 0, more: false },
      { view: "archived", teamId: null, count: 1, more: false },
    ];
    const client = seededClient((c) => {
      c.setQueryData(unreadCountsKey, counts);
      c.setQueryData(["teams"], { items: [{ id: "t-1", name: "Billing", memberCount: 1, createdAt: "" }, { id: "t-2", name: "Sales", memberCount: 1, createdAt: "" }], nextCursor: null });
    });
    render(
      <Providers client={client}>
        <Rail onSignOut={() => undefined} theme="light" onToggleTheme={() => undefined} />
      </Providers>,
    );
    expect(screen.getByRole("link", { name: "My Inbox, 2 unread" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Unassigned, more than 99 unread" })).toHaveTextContent("99+");
    expect(screen.getByRole("link", { name: "Billing, 7 unread" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sales" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Archived, 1 unread" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sent" })).toBeInTheDocument();
  });
});

describe("rail unread counts and the list", () => {
  it("are not asked for until the screen says the list has arrived", async () => {
    const asked: string[] = [];
    fetchMock.mockImplementation(async (request) => {
      asked.push(new URL(request.url).pathname);
      return new Response(JSON.stringify({ views: [{ view: "mine", teamId: null, count: 4, more: false }] }), { headers: { "Content-Type": "application/json" } });
    });
    try {
      const client = seededClient((c) => c.setQueryData(["teams"], { items: [], nextCursor: null }));
      const { rerender } = render(
        <Providers client={client}>
          <Rail countsReady={false} onSignOut={() => undefined} theme="light" onToggleTheme={() => undefined} />
        </Providers>,
      );
      expect(screen.getByRole("link", { name: "My Inbox" })).toBeInTheDocument();
      expect(asked).not.toContain("/api/v1/conversations/unread-counts");
      rerender(
        <Providers client={client}>
          <Rail countsReady onSignOut={() => undefined} theme="light" onToggleTheme={() => undefined} />
        </Providers>,
      );
      expect(await screen.findByRole("link", { name: "My Inbox, 4 unread" })).toBeInTheDocument();
    } finally {
      fetchMock.mockReset();
    }
  });
});
