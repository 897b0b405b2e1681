import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LazyTooltip, TooltipProvider } from "./Tooltip";

describe("a lazy tooltip", () => {
  it("is only its trigger until focused, then shows its text and keeps the focus on the trigger", async () => {
    const { container } = render(
      <TooltipProvider>
        <LazyTooltip content="Tuesday 3 March 2026, 14:02">
          <time dateTime="2026-03-03T14:02:00Z" tabIndex={0}>14:02</time>
        </LazyTooltip>
      </TooltipProvider>,
    );
    // No Radix trigger yet: it would carry data-state.
    expect(container.querySelector("[data-state]")).toBeNull();
    expect(screen.queryByRole("tooltip")).not.toBeInTheDocument();

    act(() => screen.getByText("14:02").focus());
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Tuesday 3 March 2026, 14:02");
    expect(screen.getByText("14:02")).toHaveFocus();
    expect(screen.getByText("14:02")).toHaveAccessibleDescription("Tuesday 3 March 2026, 14:02");

    act(() => screen.getByText("14:02").blur());
    expect(screen.queryByRole("tooltip")).not.toBeInTheDocument();
  });
});
