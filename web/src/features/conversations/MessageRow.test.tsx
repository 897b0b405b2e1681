import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { TooltipProvider } from "../../components/ui/Tooltip";
import { formatTime } from "../../lib/time";
import type { Message } from "./api";
import { MessageRow } from "./MessageRow";

const names = { contactName: "Carla Customer", nameOf: (id: string | null | undefined) => (id === "u-me" ? "You" : id === "u-ada" ? "Ada" : "A teammate") };
const at = new Date(2026, 2, 4, 14, 0).toISOString();
const message = (over: Partial<Message>): Message => ({
  id: "m1", direction: "In", kind: "Message", authorType: "Contact", authorUserId: null, text: "Hello", createdAt: at,
  deliveryStatus: null, deliveryError: null, sentAt: null, deliveredAt: null, readAt: null, failedAt: null, queuedReason: null, scheduledFor: null,
  isPinned: false, viewedBy: [], attachments: [], ...over,
});
const show = (m: Message, onPin?: (id: string, pinned: boolean) => void) => render(<TooltipProvider><MessageRow m={m} names={names} onPin={onPin} /></TooltipProvider>);

describe("a message in the timeline", () => {
  it("labels an internal note and pins or unpins it", async () => {
    const onPin = vi.fn();
    show(message({ kind: "Note", direction: "Out", authorType: "User", authorUserId: "u-ada", text: "Called the courier" }), onPin);
    expect(screen.getByText("Internal note · Ada")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Pin note" }));
    expect(onPin).toHaveBeenCalledWith("m1", true);
  });

  it("shows a pinned note as pinned, with an unpin button", async () => {
    const onPin = vi.fn();
    show(message({ kind: "Note", direction: "Out", authorType: "User", authorUserId: "u-ada", isPinned: true }), onPin);
    expect(screen.getByText("Pinned")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Unpin note", pressed: true }));
    expect(onPin).toHaveBeenCalledWith("m1", false);
  });

  it("says who viewed a customer message and when, on an eye", async () => {
    const viewedAt = new Date(2026, 2, 4, 14, 2).toISOString();
    show(message({ viewedBy: [{ userId: "u-ada", viewedAt }, { userId: "u-me", viewedAt }] }));
    const eye = screen.getByRole("img", { name: `Viewed by Ada ${formatTime(viewedAt)}; Viewed by you ${formatTime(viewedAt)}` });
    act(() => eye.focus());
    expect(await screen.findByRole("tooltip")).toHaveTextContent(`Viewed by Ada ${formatTime(viewedAt)}`);
  });

  it("shows images as thumbnails and other files as chips with their size", () => {
    show(message({
      attachments: [
        { id: "a1", fileName: "parcel.jpg", contentType: "image/jpeg", size: 48_000, status: "Stored", error: null, url: "/api/v1/attachments/a1/content" },
        { id: "a2", fileName: "invoice.pdf", contentType: "application/pdf", size: 2.4 * 1024 * 1024, status: "Stored", error: null, url: "/api/v1/attachments/a2/content" },
        { id: "a3", fileName: "voice.ogg", contentType: "audio/ogg", size: 10, status: "Failed", error: "The provider deleted the media", url: "/api/v1/attachments/a3/content" },
      ],
    }));
    const image = screen.getByRole("link", { name: /parcel\.jpg \(image, 47 KB\)/ });
    expect(image.querySelector("img")).toHaveAttribute("src", "/api/v1/attachments/a1/content");
    expect(screen.getByRole("link", { name: /invoice\.pdf 2\.4 MB/ })).toHaveAttribute("href", "/api/v1/attachments/a2/content");
    expect(screen.getByText("The provider deleted the media")).toBeInTheDocument();
  });

  it("names the teammate who wrote a reply and shows its ticks", () => {
    show(message({ direction: "Out", authorType: "User", authorUserId: "u-ada", deliveryStatus: "Delivered", deliveredAt: at }));
    expect(screen.getByText("Ada")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: /^Delivered/ })).toHaveClass("ticks-delivered");
  });
});
