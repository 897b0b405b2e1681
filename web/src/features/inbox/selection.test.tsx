import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import { ConversationList } from "./ConversationList";
import { toggleSelection, useSelection } from "./selection";
import { Providers, seededClient, summary } from "./test-utils";

const items = [1, 2, 3, 4, 5, 6].map((n) => summary(n));

function Harness() {
  const { selected, toggle } = useSelection(items.map((c) => c.id));
  return (
    <>
      <p>{selected.size} selected</p>
      <ConversationList items={items} hrefOf={(id) => `/inbox/mine/c/${id}`} activeId={null} openId={null} selected={selected} onToggleSelect={toggle} hasNextPage={false} isFetchingNextPage={false} fetchNextPage={() => undefined} channelName={() => "SMS Support"} />
    </>
  );
}

const box = (n: number) => screen.getByRole("checkbox", { name: `Select conversation with Contact ${n}` });

describe("bulk selection", { timeout: 20_000 }, () => {
  beforeAll(() => {
    // jsdom lays nothing out; give the list a height so the virtual list renders its rows.
    Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
    Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 360 });
  });

  it("Shift+click selects every row from the last one clicked", async () => {
    const user = userEvent.setup({ delay: null });
    render(<Providers client={seededClient()}><Harness /></Providers>);
    await user.click(box(2));
    await user.keyboard("{Shift>}");
    await user.click(box(5));
    await user.keyboard("{/Shift}");
    expect([1, 2, 3, 4, 5, 6].map((n) => (box(n) as HTMLInputElement).checked)).toEqual([false, true, true, true, true, false]);
    expect(screen.getByText("4 selected")).toBeInTheDocument();

    // Shift+click on a selected row clears the range back to the anchor.
    await user.keyboard("{Shift>}");
    await user.click(box(3));
    await user.keyboard("{/Shift}");
    expect([1, 2, 3, 4, 5, 6].map((n) => (box(n) as HTMLInputElement).checked)).toEqual([false, true, false, false, false, false]);
    expect(screen.getByText("1 selected")).toBeInTheDocument();
  });

  it("shows each row's channel name", () => {
    render(<Providers client={seededClient()}><Harness /></Providers>);
    expect(screen.getAllByText("SMS Support")).toHaveLength(6);
  });

  it("a plain click flips one row; a range works upwards too", () => {
    const order = ["a", "b", "c", "d"];
    let s = toggleSelection({ selected: new Set(), anchor: null }, "d", order, false);
    s = toggleSelection(s, "b", order, true);
    expect([...s.selected].sort()).toEqual(["b", "c", "d"]);
    s = toggleSelection(s, "c", order, false);
    expect([...s.selected].sort()).toEqual(["b", "d"]);
    // Without an anchor in the list, Shift+click is a plain click.
    expect([...toggleSelection({ selected: new Set(), anchor: "gone" }, "a", order, true).selected]).toEqual(["a"]);
  });
});
