import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FilterBar } from "./FilterBar";
import { readFilters, toQuery, withFilter, withoutFilters } from "./filters";
import { Providers, seededClient } from "./test-utils";

const location = () => screen.getByTestId("location").textContent ?? "";
const params = () => new URLSearchParams(location().split("?")[1] ?? "");

function renderAt(url: string) {
  return render(<Providers client={seededClient()} url={url}><FilterBar tagSuggestions={["vip", "refund"]} /></Providers>);
}

describe("filters and the URL", { timeout: 20_000 }, () => {
  it("show what the URL asks for, with the directory's names", () => {
    renderAt("/inbox/mine?status=Pending&channelId=ch-wa&tag=vip&assigneeId=u-agnes&unread=1");
    expect(screen.getByRole("button", { name: "Status: Pending" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Channel: WhatsApp Sales" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Tag: vip" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Assignee: Agnes Agent" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Unread" })).toHaveAttribute("aria-pressed", "true");
  });

  it("write a picked channel into the URL, and Back takes it out again", async () => {
    const user = userEvent.setup({ delay: null });
    renderAt("/inbox/mine?q=carla");
    await user.click(screen.getByRole("button", { name: "Channel" }));
    const pop = screen.getByRole("dialog", { name: "Filter by channel" });
    await user.click(within(pop).getByRole("button", { name: /SMS Support/ }));
    expect(params().get("channelId")).toBe("ch-sms");
    expect(params().get("q")).toBe("carla");
    expect(screen.getByRole("button", { name: "Channel: SMS Support" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "History back" }));
    expect(params().get("channelId")).toBeNull();
    expect(screen.getByRole("button", { name: "Channel" })).toBeInTheDocument();
  });

  it("pick the assignee 'Me' and a typed tag (lower-cased)", async () => {
    const user = userEvent.setup({ delay: null });
    renderAt("/inbox/team/t-1");
    await user.click(screen.getByRole("button", { name: "Assignee" }));
    await user.click(within(screen.getByRole("dialog", { name: "Filter by assignee" })).getByRole("button", { name: /^Me/ }));
    expect(params().get("assigneeId")).toBe("u-me");

    await user.click(screen.getByRole("button", { name: "Tag" }));
    await user.type(screen.getByRole("textbox", { name: "Tag" }), "Urgent-Refund{Enter}");
    expect(params().get("tag")).toBe("urgent-refund");
    expect(location()).toMatch(/^\/inbox\/team\/t-1\?/);
  });

  it("clear one filter with its own button, or all of them (the search stays)", async () => {
    const user = userEvent.setup({ delay: null });
    renderAt("/inbox/mine?q=555&status=Resolved&tag=vip");
    await user.click(screen.getByRole("button", { name: "Clear status filter" }));
    expect(params().get("status")).toBeNull();
    expect(params().get("tag")).toBe("vip");

    await user.click(screen.getByRole("button", { name: "Clear all filters" }));
    expect(location()).toBe("/inbox/mine?q=555");
    expect(screen.queryByRole("button", { name: "Clear all filters" })).not.toBeInTheDocument();
  });

  it("read only values the API accepts, and turn them into the list request", () => {
    const f = readFilters(new URLSearchParams("status=Nonsense&tag=%20&channelId=ch-sms&unread=1&q=%2B1%20555"));
    expect(f).toEqual({ q: "+1 555", status: undefined, channelId: "ch-sms", tag: undefined, assigneeId: undefined, unread: true });
    expect(toQuery({ view: "team", teamId: "t-1" }, f)).toEqual({ view: "team", teamId: "t-1", q: "+1 555", channelId: "ch-sms", unread: true });
    expect(withFilter(new URLSearchParams("a=1"), "tag", "vip").toString()).toBe("a=1&tag=vip");
    expect(withoutFilters(new URLSearchParams("q=x&status=Open&unread=1"), true).toString()).toBe("");
  });
});
