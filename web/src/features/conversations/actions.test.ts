import { describe, expect, it } from "vitest";
import type { DirectoryResponse } from "../directory/directory";
import { optimisticPatch } from "./api";
import { assignChoices } from "./AssignDialog";
import { availableActions } from "./ConversationView";
import { pastedId } from "./MergeDialog";
import { presetTime } from "./ReminderDialog";
import { detail } from "./testing";

describe("header actions", () => {
  it("offers only what the server accepts in each status", () => {
    expect(availableActions({ status: "Open", isSpam: false }, false)).toMatchObject({ primary: "resolve", archive: true, hold: true, handover: false, spam: true, delete: false });
    expect(availableActions({ status: "Automated", isSpam: false }, false)).toMatchObject({ primary: "resolve", handover: true });
    expect(availableActions({ status: "Archived", isSpam: false }, true)).toMatchObject({ primary: "unarchive", archive: false, spam: false, delete: true });
    expect(availableActions({ status: "Irrelevant", isSpam: true }, false)).toMatchObject({ primary: "reopen", unspam: true, spam: false });
    expect(availableActions({ status: "Deleted", isSpam: false }, true)).toMatchObject({ primary: "restore", delete: false });
    expect(availableActions({ status: "Deleted", isSpam: false }, false).primary).toBeNull();
  });

  it("shows the status an action leads to before the server answers", () => {
    expect(optimisticPatch("archive", detail({ status: "Pending" }))).toMatchObject({ status: "Archived", previousStatus: "Pending", displayStatus: "Archived" });
    expect(optimisticPatch("unarchive", detail({ status: "Archived", previousStatus: "Pending" }))).toMatchObject({ status: "Pending" });
    expect(optimisticPatch("reopen", detail({ firstReplyAt: null }))).toMatchObject({ status: "Open", displayStatus: "New" });
    expect(optimisticPatch("spam", detail())).toMatchObject({ status: "Irrelevant", isSpam: true });
    expect(optimisticPatch("restore", detail({ status: "Deleted" }))).toBeNull();
  });
});

describe("the assign dialog's choices", () => {
  const directory: Pick<DirectoryResponse, "users" | "teams"> = {
    users: [{ id: "me", name: "Ada Admin", role: "Agent" }, { id: "ag", name: "Agnes Agent", role: "Agent" }, { id: "zo", name: "Zoe Other", role: "Agent" }],
    teams: [{ id: "t1", name: "Support", memberIds: ["me", "ag"] }, { id: "t2", name: "Sales", memberIds: ["zo"] }],
  };
  const me = { id: "me", name: "Ada Admin" };

  it("lets an agent pick teammates and their own teams, an admin anyone", () => {
    expect(assignChoices(directory, me, false, "").map((c) => c.name)).toEqual(["Me (Ada Admin)", "Agnes Agent", "Support", "Nobody (unassign)"]);
    expect(assignChoices(directory, me, true, "").map((c) => c.name)).toEqual(["Me (Ada Admin)", "Agnes Agent", "Zoe Other", "Sales", "Support", "Nobody (unassign)"]);
  });

  it("filters by any word of the name", () => {
    expect(assignChoices(directory, me, true, "ag").map((c) => c.name)).toEqual(["Agnes Agent"]);
    expect(assignChoices(directory, me, true, "sal").map((c) => c.target)).toEqual([{ teamId: "t2", userId: null, label: "Sales" }]);
  });
});

describe("merge and reminders", () => {
  it("finds the conversation id in a pasted id or link", () => {
    expect(pastedId("https://parley.test/inbox/mine/c/0199A0C4-5B1E-7000-8000-000000000001?q=x")).toBe("0199a0c4-5b1e-7000-8000-000000000001");
    expect(pastedId("order 1234")).toBeNull();
  });

  it("times the presets in the reader's zone: in 1 h, tomorrow 9:00, next Monday 9:00", () => {
    const wednesday = new Date(2026, 2, 4, 16, 30);
    expect(presetTime("hour", wednesday)).toEqual(new Date(2026, 2, 4, 17, 30));
    expect(presetTime("tomorrow", wednesday)).toEqual(new Date(2026, 2, 5, 9, 0));
    expect(presetTime("monday", wednesday)).toEqual(new Date(2026, 2, 9, 9, 0));
    expect(presetTime("monday", new Date(2026, 2, 9, 8, 0))).toEqual(new Date(2026, 2, 16, 9, 0));
  });
});
