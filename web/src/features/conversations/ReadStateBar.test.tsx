import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { conversationKey } from "./api";
import { ReadStateBar } from "./ReadStateBar";
import { detail, FromCache, json, renderWithApp } from "./testing";

// The API client keeps the fetch it was created with: replace it before the client module loads.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(request: Request) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

const agnes = { id: "0199a0c4-0000-7000-8000-0000000000a9", name: "Agnes Agent" };
const conversation = { ...detail({ assignee: agnes }), assigneeUnread: true };

function show() {
  const view = renderWithApp(<FromCache id={conversation.id}>{(c) => <ReadStateBar conversation={c} />}</FromCache>);
  view.client.setQueryData(conversationKey(conversation.id), conversation);
  return view;
}

describe("an admin and the assignee's read state", () => {
  beforeEach(() => {
    fetchMock.mockReset();
  });

  it("shows the assignee's state, and changes it only after the admin confirms", async () => {
    fetchMock.mockResolvedValue(json({ changed: 1 }));
    show();
    expect(await screen.findByText("Unread for Agnes")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Mark read for Agnes…" }));
    const dialog = screen.getByRole("alertdialog", { name: "Mark read for Agnes Agent?" });
    expect(dialog).toHaveTextContent("Your own read state does not change.");
    expect(fetchMock).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: "Mark read for Agnes" }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const request = fetchMock.mock.calls[0][0];
    expect(request.method).toBe("POST");
    expect(new URL(request.url).pathname).toBe("/api/v1/conversations/read");
    expect(await request.json()).toEqual({ ids: [conversation.id], read: true, forUserId: agnes.id });
    expect(await screen.findByText("Read by Agnes")).toBeInTheDocument();
    expect(await screen.findByText("Marked read for Agnes Agent")).toBeInTheDocument();
  });

  it("sends nothing when the admin cancels", async () => {
    show();
    await userEvent.click(await screen.findByRole("button", { name: "Mark read for Agnes…" }));
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(screen.getByText("Unread for Agnes")).toBeInTheDocument();
  });

  it("puts the state back and says why when the server refuses", async () => {
    fetchMock.mockResolvedValue(json({ title: "Only admins change another user's read state." }, 403));
    show();
    await userEvent.click(await screen.findByRole("button", { name: "Mark read for Agnes…" }));
    await userEvent.click(screen.getByRole("button", { name: "Mark read for Agnes" }));
    expect(await screen.findByText("Not changed: Only admins change another user's read state.")).toBeInTheDocument();
    expect(screen.getByText("Unread for Agnes")).toBeInTheDocument();
  });

  it("offers both ways when the server does not report the assignee's state", async () => {
    const view = renderWithApp(<FromCache id={conversation.id}>{(c) => <ReadStateBar conversation={c} />}</FromCache>);
    view.client.setQueryData(conversationKey(conversation.id), detail({ assignee: agnes }));
    expect(await screen.findByRole("button", { name: "Mark read for Agnes…" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Mark unread for Agnes…" })).toBeInTheDocument();
    expect(screen.queryByText(/Unread for Agnes|Read by Agnes/)).not.toBeInTheDocument();
  });
});
