import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { TooltipProvider } from "../../components/ui/Tooltip";
import { formatFull, formatTime } from "../../lib/time";
import { DeliveryTicks, deliveryText, sendsAt } from "./DeliveryTicks";

const base = { deliveryStatus: null, deliveryError: null, queuedReason: null, scheduledFor: null, sentAt: null, deliveredAt: null, readAt: null, failedAt: null } as const;
const at = "2026-03-04T10:15:00Z";

function show(m: Parameters<typeof DeliveryTicks>[0]["message"], now?: Date) {
  render(<TooltipProvider><DeliveryTicks message={m} now={now} /></TooltipProvider>);
}

describe("DeliveryTicks", () => {
  it("shows a clock for a queued reply", () => {
    show({ ...base, deliveryStatus: "Queued", queuedReason: "Sending" });
    const tick = screen.getByRole("img", { name: "Queued: sending" });
    expect(tick).toHaveAttribute("data-status", "Queued");
    expect(tick).toHaveClass("ticks-queued");
  });

  it("shows the clock for a reply waiting for business hours, and when it goes on hover", async () => {
    // Friday evening; the channel opens again on Monday at 09:00 (local times).
    const friday = new Date(2026, 2, 6, 18, 0);
    const monday = new Date(2026, 2, 9, 9, 0).toISOString();
    show({ ...base, deliveryStatus: "Queued", queuedReason: "OutsideBusinessHours", scheduledFor: monday }, friday);
    const tick = screen.getByRole("img");
    expect(tick).toHaveClass("ticks-queued");
    expect(tick.querySelector("svg")).toHaveClass("lucide-clock");
    const text = `Waits for business hours: sends at ${formatTime(monday)} Mon`;
    expect(tick).toHaveAccessibleName(text);
    act(() => tick.focus());
    expect(await screen.findByRole("tooltip")).toHaveTextContent(text);
  });

  it("names the day of a held reply as near as it needs: today, tomorrow, a weekday, else the date", () => {
    const now = new Date(2026, 2, 4, 7, 0); // Wednesday 4 March
    const at = (d: number, h = 9) => new Date(2026, 2, d, h, 0).toISOString();
    expect(sendsAt(at(4), now)).toBe(`at ${formatTime(at(4))} today`);
    expect(sendsAt(at(5), now)).toBe(`at ${formatTime(at(5))} tomorrow`);
    expect(sendsAt(at(9), now)).toBe(`at ${formatTime(at(9))} Mon`);
    expect(sendsAt(at(16), now)).toBe(`at ${formatTime(at(16))} Mon 16 Mar`);
    expect(deliveryText({ ...base, deliveryStatus: "Queued", queuedReason: "OutsideBusinessHours" }, now)).toBe("Waits for business hours");
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
