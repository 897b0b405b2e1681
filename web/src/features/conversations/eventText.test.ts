import { describe, expect, it } from "vitest";
import { eventText, type EventNames } from "./eventText";

const people: Record<string, string> = { me: "You", agnes: "Agnes Agent", bob: "Bob Builder" };
const teams: Record<string, string> = { support: "Support", sales: "Sales" };
const names: EventNames = { person: (id) => people[id] ?? "A teammate", team: (id) => teams[id] };

describe("event lines", () => {
  it("say to whom a conversation was assigned, reassigned or unassigned", () => {
    expect(eventText("Assigned", "Ada", { from: null, to: "agnes" }, names)).toBe("Ada assigned this conversation to Agnes Agent");
    expect(eventText("Reassigned", "Ada", { from: "agnes", to: "bob" }, names)).toBe("Ada reassigned this conversation from Agnes Agent to Bob Builder");
    expect(eventText("Unassigned", "Ada", { from: "bob", to: null }, names)).toBe("Ada unassigned Bob Builder from this conversation");
  });

  it("speak of the reader as you, and of someone gone as a teammate", () => {
    expect(eventText("Assigned", "Ada", { to: "me" }, names)).toBe("Ada assigned this conversation to you");
    expect(eventText("Assigned", "You", { to: "me" }, names)).toBe("You assigned this conversation to yourself");
    expect(eventText("Assigned", "Ada", { to: "gone" }, names)).toBe("Ada assigned this conversation to a teammate");
  });

  it("say which team a conversation moved to, or out of", () => {
    expect(eventText("MovedToTeam", "Ada", { from: "sales", to: "support" }, names)).toBe("Ada moved it to Support");
    expect(eventText("MovedToTeam", "Ada", { from: "sales", to: null }, names)).toBe("Ada moved it out of Sales");
  });

  it("fall back to the plain phrase when the names are not known", () => {
    expect(eventText("Assigned", "Ada", { to: "agnes" })).toBe("Ada assigned this conversation");
    expect(eventText("MovedToTeam", "Ada", { from: null, to: "deleted-team" }, names)).toBe("Ada moved this to another team");
  });

  it("keep the tag, status and subject wording", () => {
    expect(eventText("TagAdded", "Ada", { tag: "refund" }, names)).toBe("Ada added the tag “refund”");
    expect(eventText("PriorityChanged", "Ada", { from: "Normal", to: "High" }, names)).toBe("Ada changed the priority from Normal to High");
    expect(eventText("SubjectEdited", "Ada", { subject: "Parcel" }, names)).toBe("Ada edited the subject to “Parcel”");
  });
});
