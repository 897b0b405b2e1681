import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TooltipProvider } from "../../components/ui/Tooltip";
import { formatFull } from "../../lib/time";
import { DeliveryTicks, deliveryText } from "./DeliveryTicks";

const base = { deliveryStatus: null, deliveryError: null, queuedReason: null, scheduledFor: null, sentAt: null, deliveredAt: null, readAt: null, failedAt: null } as const;
const at = "2026-03-04T10:15:00Z";

function show(m: Parameters<typeof DeliveryTicks>[0]["message"]) {
  render(<TooltipProvider><DeliveryTicks message={m} /></TooltipProvider>);
}

describe("DeliveryTicks", () => {
  it("shows a clock for a queued reply", () => {
    show({ ...base, deliveryStatus: "Queued", queuedReason: "Sending" });
    const tick = screen.getByRole("img", { name: "Queued: sending" });
    expect(tick).toHaveAttribute("data-status", "Queued");
    expect(tick).toHaveClass("ticks-queued");
  });

  it("says when a reply waiting for business hours will go, on hover", async () => {
    const m = { ...base, deliveryStatus: "Queued", queuedReason: "OutsideBusinessHours", scheduledFor: at } as const;
    show(m);
    const tick = screen.getByRole("img");
    expect(tick).toHaveAccessibleName(`Waiting for business hours: sends ${formatFull(at)}`);
    act(() => tick.focus());
    expect(await screen.findByRole("tooltip")).toHaveTextContent(`Waiting for business hours: sends ${formatFull(at)}`);
  });

  it("shows one grey tick when sent, two when delivered, two blue when read", () => {
    show({ ...base, deliveryStatus: "Sent", sentAt: at });
    expect(screen.getByRole("img", { name: `Sent ${formatFull(at)}` })).toHaveClass("ticks-sent");
    show({ ...base, deliveryStatus: "Delivered", deliveredAt: at });
    expect(screen.getByRole("img", { name: `Delivered ${formatFull(at)}` })).toHaveClass("ticks-delivered");
    show({ ...base, deliveryStatus: "Read", readAt: at });
    expect(screen.getByRole("img", { name: `Read ${formatFull(at)}` })).toHaveClass("ticks-read");
  });

  it("shows a red triangle with the provider's reason when it failed", async () => {
    show({ ...base, deliveryStatus: "Failed", deliveryError: "Number unreachable (30003)", failedAt: at });
    const tick = screen.getByRole("img", { name: "Not delivered: Number unreachable (30003)" });
    expect(tick).toHaveClass("ticks-failed");
    act(() => tick.focus());
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Number unreachable (30003)");
  });

  it("says so when a failure has no reason", () => {
    expect(deliveryText({ ...base, deliveryStatus: "Failed" })).toBe("Not delivered: the provider gave no reason");
  });

  it("shows nothing for a message without delivery (incoming, notes)", () => {
    const { container } = render(<TooltipProvider><DeliveryTicks message={base} /></TooltipProvider>);
    expect(container).toBeEmptyDOMElement();
  });
});
