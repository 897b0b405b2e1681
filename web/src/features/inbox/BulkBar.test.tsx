import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { TooltipProvider } from "../../components/ui/Tooltip";
import { BulkBar } from "./BulkBar";

describe("bulk bar", () => {
  it("names each action in words, so mark read and mark unread are told apart, and runs the one clicked", async () => {
    const onRun = vi.fn();
    render(
      <TooltipProvider>
        <BulkBar count={2} total={5} onRun={onRun} onAssign={vi.fn()} onTag={vi.fn()} onSelectAll={vi.fn()} onClear={vi.fn()} tagOpen={false} onTagOpenChange={vi.fn()} />
      </TooltipProvider>,
    );
    const bar = screen.getByRole("toolbar", { name: "Bulk actions" });
    expect(bar).toHaveTextContent("2 selected");
    for (const [name, word] of [["Mark read", "Read"], ["Mark unread", "Unread"], ["Assign", "Assign"], ["Add a tag", "Tag"], ["Resolve", "Resolve"], ["Archive", "Archive"]])
      expect(screen.getByRole("button", { name })).toHaveTextContent(new RegExp(`^${word}$`));
    await userEvent.click(screen.getByRole("button", { name: "Mark unread" }));
    expect(onRun).toHaveBeenCalledWith("unread");
  });
});
