import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StatusBadge, statusLabels } from "./StatusBadge";

describe("StatusBadge", () => {
  it.each([
    ["Open", "New"],
    ["Pending", "Pending"],
    ["Automated", "Automated"],
    ["Sent", "Sent"],
    ["Resolved", "Resolved"],
    ["Irrelevant", "Irrelevant"],
    ["Archived", "Archived"],
    ["Deleted", "Deleted"],
  ] as const)("shows %s as the text %s", (status, text) => {
    render(<StatusBadge status={status} />);
    expect(screen.getByText(text)).toHaveAttribute("data-status", status);
  });

  it("uses the server's displayStatus: an answered Open conversation is In progress", () => {
    render(<StatusBadge status="Open" displayStatus="In progress" />);
    expect(screen.getByText("In progress")).toBeInTheDocument();
  });

  it("has a label for every status the API knows", () => {
    expect(Object.keys(statusLabels).sort()).toEqual(["Archived", "Automated", "Deleted", "Irrelevant", "Open", "Pending", "Resolved", "Sent"]);
  });

  it("never relies on colour alone: every tone carries text", () => {
    render(<StatusBadge status="Resolved" displayStatus="Resolved" />);
    expect(screen.getByText("Resolved").textContent).not.toBe("");
  });
});
