import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { SearchBox } from "./SearchBox";

function Harness({ onSearch }: { onSearch: (q: string | undefined) => void }) {
  const [q, setQ] = useState("");
  return <SearchBox value={q} onSearch={(v) => (onSearch(v), setQ(v ?? ""))} />;
}

describe("search box", { timeout: 20_000 }, () => {
  it("searches on Enter or the search icon, and Esc clears", async () => {
    const user = userEvent.setup({ delay: null });
    const onSearch = vi.fn();
    render(<Harness onSearch={onSearch} />);
    const box = screen.getByRole("searchbox", { name: "Search by name or phone" });
    await user.type(box, "(555) 010-2000{Enter}");
    expect(onSearch).toHaveBeenLastCalledWith("(555) 010-2000");
    expect(box).not.toHaveFocus();

    await user.clear(box);
    await user.type(box, " carla ");
    await user.click(screen.getByRole("button", { name: "Search" }));
    expect(onSearch).toHaveBeenLastCalledWith("carla");

    await user.click(box);
    await user.keyboard("{Escape}");
    expect(onSearch).toHaveBeenLastCalledWith(undefined);
    expect(box).toHaveValue("");
  });

  it("shows the \"/\" hint only while empty (inbox.css hides it where there is no keyboard)", async () => {
    const user = userEvent.setup({ delay: null });
    const { container } = render(<Harness onSearch={() => undefined} />);
    expect(container.querySelector(".search-kbd")).toHaveTextContent("/");
    await user.type(screen.getByRole("searchbox"), "a");
    expect(container.querySelector(".search-kbd")).toBeNull();
    expect(screen.getByRole("button", { name: "Clear search" })).toBeInTheDocument();
  });
});
