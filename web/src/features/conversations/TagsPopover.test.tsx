import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { conversationKey } from "./api";
import { TagsPopover } from "./TagsPopover";
import { detail, FromCache, json, renderWithApp } from "./testing";

const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(request: Request) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

const conversation = detail({ tags: ["billing"] });

function Harness() {
  const [open, setOpen] = useState(true);
  return <FromCache id={conversation.id}>{(c) => <TagsPopover conversation={c} open={open} onOpenChange={setOpen} />}</FromCache>;
}

function show() {
  const view = renderWithApp(<Harness />);
  view.client.setQueryData(conversationKey(conversation.id), conversation);
  // Another conversation in a loaded list: its tags are suggestions.
  view.client.setQueryData(["conversations", { view: "mine" }], { pages: [{ items: [{ ...detail({ id: "other", tags: ["vip", "billing"] }) }], nextCursor: null }], pageParams: [undefined] });
  return view;
}

/** Answers a PATCH as the server does: the conversation with the tags it was sent. */
function serverSaves() {
  fetchMock.mockImplementation(async (request) => {
    const body = (await request.clone().json()) as { tags: string[] };
    return json({ ...conversation, tags: body.tags });
  });
}

async function patchBodies() {
  return Promise.all(fetchMock.mock.calls.map(async ([r]) => ({ method: r.method, path: new URL(r.url).pathname, body: await r.clone().json() })));
}

describe("editing tags", () => {
  beforeEach(() => {
    fetchMock.mockReset();
  });

  it("adds a typed tag, lower-cased, by sending the full list", async () => {
    serverSaves();
    show();
    await userEvent.type(await screen.findByRole("textbox", { name: "Add a tag" }), "  Urgent{Enter}");
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(await patchBodies()).toEqual([{ method: "PATCH", path: `/api/v1/conversations/${conversation.id}`, body: { tags: ["billing", "urgent"] } }]);
    const current = screen.getByRole("list", { name: "Tags on this conversation" });
    expect(within(current).getByText("urgent")).toBeInTheDocument();
  });

  it("suggests tags used on other conversations, and removes one with its button", async () => {
    serverSaves();
    show();
    const suggestions = await screen.findByRole("list", { name: "Tags in use" });
    expect(within(suggestions).queryByText("billing")).not.toBeInTheDocument();
    await userEvent.click(within(suggestions).getByRole("button", { name: "vip" }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    await userEvent.click(await screen.findByRole("button", { name: "Remove tag billing" }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect((await patchBodies()).map((c) => c.body)).toEqual([{ tags: ["billing", "vip"] }, { tags: ["vip"] }]);
    expect(within(screen.getByRole("list", { name: "Tags on this conversation" })).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["vip"]);
  });

  it("takes a refused tag off again and shows the server's reason", async () => {
    fetchMock.mockResolvedValue(json({ title: "One or more validation errors occurred.", errors: { tags: ["Each tag has 1 to 50 characters."] } }, 400));
    show();
    await userEvent.type(await screen.findByRole("textbox", { name: "Add a tag" }), "x{Enter}");
    expect(await screen.findByText("Not saved: Each tag has 1 to 50 characters.")).toBeInTheDocument();
    const current = screen.getByRole("list", { name: "Tags on this conversation" });
    expect(within(current).queryByText("x")).not.toBeInTheDocument();
    expect(within(current).getByText("billing")).toBeInTheDocument();
  });
});
