import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { File as NodeFile } from "node:buffer";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Composer } from "../conversations/Composer";
import { baseServer, conversation, installDomShims, json, renderWithProviders, template, type FakeServer } from "./testing";

const fake = vi.hoisted(() => ({ server: undefined as FakeServer | undefined }));
vi.mock("../../api/client", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../api/client")>();
  return {
    ...real,
    api: real.createApiClient({ baseUrl: "http://parley.test", fetch: (input, init) => fake.server!.handle(input, init), onUnauthorized: () => {} }),
  };
});

const now = new Date("2026-03-03T10:00:00Z");
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
const messagesPath = "/api/v1/conversations/0190aaaa-0000-7000-8000-000000000001/messages";
const posted = (message: { text?: string | null; kind?: string }) => ({
  message: {
    id: "0190ffff-0000-7000-8000-000000000001", direction: "Out", kind: message.kind === "note" ? "Note" : "Reply", authorType: "User", authorUserId: "u1",
    text: message.text ?? "", createdAt: now.toISOString(), deliveryStatus: "Queued", deliveryError: null, sentAt: null, deliveredAt: null, readAt: null,
    failedAt: null, queuedReason: null, scheduledFor: null, isPinned: false, viewedBy: [], attachments: [],
  },
  status: "Open",
  displayStatus: "In progress",
});

beforeEach(async () => {
  await installDomShims();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(now);
  fake.server = baseServer().on("POST", messagesPath, async (request) => json(201, posted(await request.json())));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const whatsApp = (careWindow: { open: boolean; closesAt: string | null } | null) => conversation({ channelType: "WhatsApp", careWindow });

vi.setConfig({ testTimeout: 30_000 });

describe("the care window banner", () => {
  it("says how long the window stays open, and lets the agent write", () => {
    renderWithProviders(<Composer conversation={whatsApp({ open: true, closesAt: hours(3.5) })} />);
    const banner = screen.getByText("The 24-hour window closes in 3 h");
    expect(banner.closest(".care-banner")).not.toHaveClass("care-urgent");
    expect(screen.getByRole("textbox", { name: "Reply to the customer" })).toBeEnabled();
  });

  it("warns in the last hour", () => {
    renderWithProviders(<Composer conversation={whatsApp({ open: true, closesAt: hours(0.5) })} />);
    expect(screen.getByText("The 24-hour window closes in 30 min").closest(".care-banner")).toHaveClass("care-urgent");
  });

  it("shows nothing for a conversation without a care window", () => {
    renderWithProviders(<Composer conversation={conversation({ channelType: "Sms", careWindow: null })} />);
    expect(screen.queryByText(/24-hour window/)).not.toBeInTheDocument();
    expect(screen.queryByText(/only an approved template/)).not.toBeInTheDocument();
  });

  it("once closed, switches the reply to the template picker and still allows notes", async () => {
    const user = userEvent.setup();
    renderWithProviders(<Composer conversation={whatsApp({ open: false, closesAt: hours(-2) })} />);
    expect(screen.getByText("Closed: only an approved template can be sent")).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "Reply to the customer" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Choose a template/ })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();

    await user.click(screen.getByRole("tab", { name: "Internal note" }));
    expect(screen.getByRole("textbox", { name: "Internal note for your team" })).toBeEnabled();
  });

  it("closes when its time runs out while the page is open", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    vi.setSystemTime(now);
    renderWithProviders(<Composer conversation={whatsApp({ open: true, closesAt: hours(0.25) })} />);
    expect(screen.getByText("The 24-hour window closes in 15 min")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(14 * 60_000));
    expect(screen.getByText("The 24-hour window closes in 1 min")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByText("Closed: only an approved template can be sent")).toBeInTheDocument();
  });
});

describe("the template picker", () => {
  const orderReady = template({ id: "0190eeee-0000-7000-8000-0000000000a1", kind: "WhatsApp", name: "order_ready", language: "en", parameters: 2, text: "Hi {{1}}, your order {{2}} is ready." });
  const otherChannel = template({ id: "0190eeee-0000-7000-8000-0000000000a2", kind: "WhatsApp", name: "order_elsewhere", language: "en", parameters: 0, channelId: "0190dddd-0000-7000-8000-0000000000ff" });

  it("searches approved templates as the agent types, fills the parameters, and sends the template", async () => {
    const user = userEvent.setup();
    fake.server!.on("GET", "/api/v1/templates", (_, url) =>
      json(200, { items: url.searchParams.get("q") === "ord" || !url.searchParams.get("q") ? [orderReady, otherChannel] : [], nextCursor: null }),
    );
    renderWithProviders(<Composer conversation={whatsApp({ open: false, closesAt: null })} />);

    await user.click(screen.getByRole("button", { name: /Choose a template/ }));
    const search = await screen.findByRole("combobox", { name: "Search templates by name" });
    await user.type(search, "ord");
    await waitFor(() => expect(fake.server!.sent("GET", "/api/v1/templates").some((r) => new URL(r.url).searchParams.get("q") === "ord")).toBe(true));
    const asked = fake.server!.sent("GET", "/api/v1/templates").map((r) => new URL(r.url).searchParams);
    expect(asked.every((p) => p.get("kind") === "WhatsApp")).toBe(true);
    // Registered for another channel: the server would refuse it here.
    expect(screen.queryByRole("option", { name: /order_elsewhere/ })).not.toBeInTheDocument();
    expect(await screen.findByRole("option", { name: /order_ready/ })).toHaveAttribute("aria-selected", "true");

    await user.keyboard("{Enter}");
    const first = await screen.findByRole("textbox", { name: "Parameter {{1}}" });
    await waitFor(() => expect(first).toHaveFocus());
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    await user.type(first, "Ada");
    await user.type(screen.getByRole("textbox", { name: "Parameter {{2}}" }), "A-17");
    expect(screen.getByText("Preview").nextElementSibling).toHaveTextContent("Hi Ada, your order A-17 is ready.");

    await user.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(fake.server!.sent("POST", messagesPath)).toHaveLength(1));
    expect(await fake.server!.sent("POST", messagesPath)[0].json()).toEqual({ kind: "reply", templateId: orderReady.id, parameters: ["Ada", "A-17"] });
  });

  it("shows the empty state with where templates come from", async () => {
    const user = userEvent.setup();
    fake.server!.on("GET", "/api/v1/templates", () => json(200, { items: [], nextCursor: null }));
    renderWithProviders(<Composer conversation={conversation({ channelType: "Sms", careWindow: null })} />);
    await user.click(screen.getByRole("button", { name: "Insert a template" }));
    expect(await screen.findByText("No templates yet.")).toBeInTheDocument();
    expect(screen.getByText("Admins create templates in Settings → Templates.")).toBeInTheDocument();
    expect(new URL(fake.server!.sent("GET", "/api/v1/templates")[0].url).searchParams.get("kind")).toBe("Conversation");
  });

  it("puts a quick reply into the text, filled for this contact, at the caret", async () => {
    const user = userEvent.setup();
    fake.server!.on("GET", "/api/v1/templates", () =>
      json(200, { items: [template({ name: "Welcome", text: "Hi {{contact.name}}, {{agent.name}} from {{organization.name}} here." })], nextCursor: null }),
    );
    renderWithProviders(<Composer conversation={conversation({ channelType: "Sms", careWindow: null })} />);
    const box = screen.getByRole("textbox", { name: "Reply to the customer" });
    await waitFor(() => expect(fake.server!.sent("GET", "/api/v1/auth/me")).toHaveLength(1));
    // "/" at the start of an empty reply opens the picker.
    await user.click(box);
    await user.keyboard("/");
    await screen.findByRole("combobox", { name: "Search templates by name" });
    await screen.findByRole("option", { name: /Welcome/ });
    await user.keyboard("{Enter}");
    await waitFor(() => expect(box).toHaveValue("Hi Ada Lovelace, Grace Hopper from Acme here."));
    await waitFor(() => expect(box).toHaveFocus());
  });
});

describe("attachments", () => {
  // Node's File, not jsdom's: the test's Request and FormData are Node's, and only they agree on how a file part is written.
  const file = (name: string, type: string, size = 2048) => new NodeFile([new Uint8Array(size)], name, { type }) as unknown as File;
  const stored = (id: string, fileName: string, size: number) => ({ id, fileName, contentType: "image/png", size, status: "Stored", error: null, url: `/api/v1/attachments/${id}/content` });

  it("uploads each file at once and shows it uploading, done or refused, with the server's reason", async () => {
    const user = userEvent.setup();
    let finish!: (r: Response) => void;
    const parts: (File | string | null)[] = [];
    fake.server!.on("POST", "/api/v1/attachments", async (request) => {
      const form = await request.formData();
      const part = form.get("file") as File;
      parts.push(part);
      if (part.name === "huge.mp4") return json(413, { title: "The file is larger than the limit of 16777216 bytes." });
      if (part.name === "page.html") return json(400, { title: "One or more validation errors occurred.", errors: { file: ["Files of type 'text/html' are not accepted."] } });
      return new Promise<Response>((resolve) => (finish = resolve));
    });
    renderWithProviders(<Composer conversation={conversation()} />);

    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    await user.upload(input, file("photo.png", "image/png"));
    const chips = screen.getByRole("list", { name: "Attached files" });
    expect(within(chips).getByText("photo.png")).toBeInTheDocument();
    expect(within(chips).getByText("Uploading… 2 KB")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();

    await act(async () => finish(json(201, stored("0190abab-0000-7000-8000-000000000001", "photo.png", 2048))));
    await waitFor(() => expect(within(chips).getByText("2 KB")).toBeInTheDocument());
    expect(parts[0]).toMatchObject({ name: "photo.png" });

    fireEvent.paste(screen.getByRole("textbox", { name: "Reply to the customer" }), { clipboardData: { files: [file("huge.mp4", "video/mp4")], types: ["Files"] } });
    expect(await within(chips).findByText("Not attached: The file is larger than the limit of 16777216 bytes.")).toBeInTheDocument();

    // Copied from a document (HTML on the clipboard): the text is what the agent wants, not a picture of it.
    fireEvent.paste(screen.getByRole("textbox", { name: "Reply to the customer" }), { clipboardData: { files: [file("cells.png", "image/png")], types: ["text/plain", "text/html", "Files"] } });
    expect(within(chips).queryByText("cells.png")).not.toBeInTheDocument();

    fireEvent.drop(screen.getByRole("tablist").parentElement!, { dataTransfer: { files: [file("page.html", "text/html")], types: ["Files"] } });
    expect(await within(chips).findByText("Not attached: Files of type 'text/html' are not accepted.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Remove huge.mp4" }));
    expect(within(chips).queryByText("huge.mp4")).not.toBeInTheDocument();

    // Files only, no text: the message carries the stored file.
    const send = screen.getByRole("button", { name: "Send" });
    expect(send).toBeEnabled();
    await user.click(send);
    await waitFor(() => expect(fake.server!.sent("POST", messagesPath)).toHaveLength(1));
    expect(await fake.server!.sent("POST", messagesPath)[0].json()).toEqual({ text: "", kind: "reply", attachmentIds: ["0190abab-0000-7000-8000-000000000001"] });
    await waitFor(() => expect(screen.queryByRole("list", { name: "Attached files" })).not.toBeInTheDocument());
  });

  it("shows a drop zone while files are dragged over the composer", () => {
    renderWithProviders(<Composer conversation={conversation()} />);
    const box = screen.getByRole("tablist").parentElement!;
    fireEvent.dragEnter(box, { dataTransfer: { types: ["Files"], files: [] } });
    expect(screen.getByText("Drop files to attach")).toBeInTheDocument();
    fireEvent.dragLeave(box, { dataTransfer: { types: ["Files"], files: [] } });
    expect(screen.queryByText("Drop files to attach")).not.toBeInTheDocument();
  });
});

describe("sending", () => {
  it("sends with Ctrl+Enter, and keeps the text and files with the server's reason when refused", async () => {
    const user = userEvent.setup();
    fake.server!
      .on("POST", messagesPath, () => json(409, { title: "The contact opted out; Parley never writes to an opted-out contact." }))
      .on("POST", "/api/v1/attachments", () => json(201, { id: "0190abab-0000-7000-8000-000000000009", fileName: "label.pdf", contentType: "application/pdf", size: 10, status: "Stored", error: null, url: "/x" }));
    renderWithProviders(<Composer conversation={conversation()} />);
    const box = screen.getByRole("textbox", { name: "Reply to the customer" });
    await user.upload(document.querySelector<HTMLInputElement>('input[type="file"]')!, new NodeFile(["%PDF-1.4 x"], "label.pdf", { type: "application/pdf" }) as unknown as File);
    await screen.findByText("10 B");
    await user.type(box, "Your parcel left today");
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(await screen.findByRole("alert")).toHaveTextContent("The contact opted out; Parley never writes to an opted-out contact.");
    expect(await fake.server!.sent("POST", messagesPath)[0].json()).toEqual({ text: "Your parcel left today", kind: "reply", attachmentIds: ["0190abab-0000-7000-8000-000000000009"] });
    expect(box).toHaveValue("Your parcel left today");
    expect(within(screen.getByRole("list", { name: "Attached files" })).getByText("label.pdf")).toBeInTheDocument();
    expect(box).toHaveAccessibleDescription("The contact opted out; Parley never writes to an opted-out contact.");
  });

  it("offers send-and-archive and send-and-resolve from the keyboard", async () => {
    const user = userEvent.setup();
    renderWithProviders(<Composer conversation={conversation()} />);
    await user.type(screen.getByRole("textbox", { name: "Reply to the customer" }), "Done!");
    const more = screen.getByRole("button", { name: "More send options" });
    more.focus();
    await user.keyboard("{Enter}");
    const item = await screen.findByRole("menuitem", { name: "Send and archive" });
    expect(screen.getByRole("menuitem", { name: "Send and resolve" })).toBeInTheDocument();
    await waitFor(() => expect(item).toHaveFocus());
    await user.keyboard("{Enter}");
    await waitFor(() => expect(fake.server!.sent("POST", messagesPath)).toHaveLength(1));
    expect(await fake.server!.sent("POST", messagesPath)[0].json()).toEqual({ text: "Done!", kind: "reply", then: "archive" });
  });
});

describe("the emoji picker", () => {
  it("inserts the picked emoji at the caret and gives the focus back to the text", async () => {
    const user = userEvent.setup();
    renderWithProviders(<Composer conversation={conversation()} />);
    const box = screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Reply to the customer" });
    await user.type(box, "Thanks for waiting");
    box.setSelectionRange(6, 6);

    await user.click(screen.getByRole("button", { name: "Insert emoji" }));
    const search = await screen.findByRole("searchbox", { name: "Search emoji" }, { timeout: 5000 });
    await waitFor(() => expect(search).toHaveFocus());
    await user.type(search, "thumbs");
    expect(screen.getByRole("button", { name: "thumbs up" })).toBeInTheDocument();
    // Arrow down into the grid, right to the second match, Enter picks it.
    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("button", { name: "thumbs up" })).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("button", { name: "thumbs down" })).toHaveFocus();
    await user.keyboard("{Enter}");

    await waitFor(() => expect(box).toHaveValue("Thanks👎 for waiting"));
    expect(screen.queryByRole("searchbox", { name: "Search emoji" })).not.toBeInTheDocument();
    await waitFor(() => expect(box).toHaveFocus());
    expect(box.selectionStart).toBe(6 + "👎".length);
  });

  it("closes on Esc and returns to the text without inserting anything", async () => {
    const user = userEvent.setup();
    renderWithProviders(<Composer conversation={conversation()} />);
    const box = screen.getByRole("textbox", { name: "Reply to the customer" });
    await user.type(box, "Hi");
    await user.click(screen.getByRole("button", { name: "Insert emoji" }));
    await screen.findByRole("searchbox", { name: "Search emoji" }, { timeout: 5000 });
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("searchbox", { name: "Search emoji" })).not.toBeInTheDocument());
    await waitFor(() => expect(box).toHaveFocus());
    expect(box).toHaveValue("Hi");
  });
});
