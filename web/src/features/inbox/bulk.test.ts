import { describe, expect, it } from "vitest";
import { bulkSummary, toBody } from "./bulk";

const ok = (id: string) => ({ id, ok: true, status: null, error: null });
const refused = (id: string, error: string) => ({ id, ok: false, status: null, error });

describe("bulk actions", () => {
  it("say how many were done", () => {
    expect(bulkSummary({ kind: "resolve", ids: [] }, [ok("a"), ok("b")])).toEqual({ text: "Resolved 2 conversations.", tone: "info" });
    expect(bulkSummary({ kind: "tag", ids: [], tag: "vip" }, [ok("a")]).text).toBe("Tagged 1 conversation “vip”.");
    expect(bulkSummary({ kind: "assign", ids: [], userId: "u", assigneeName: "Agnes Agent" }, [ok("a")]).text).toBe("Assigned 1 conversation to Agnes Agent.");
  });

  it("and why the others were refused, counting each reason", () => {
    const result = bulkSummary({ kind: "tag", ids: [], tag: "vip" }, [ok("a"), refused("b", "A resolved conversation's tags are locked."), refused("c", "A resolved conversation's tags are locked."), refused("d", "The conversation was not found.")]);
    expect(result.tone).toBe("error");
    expect(result.text).toBe("Tagged 1 conversation “vip”; 3 refused: A resolved conversation's tags are locked. (2) The conversation was not found. (1)");
    expect(bulkSummary({ kind: "archive", ids: [] }, [refused("a", "Deleted conversations cannot be archived.")]).text).toBe("None done; refused: Deleted conversations cannot be archived.");
  });

  it("ask the API with its own action names", () => {
    expect(toBody({ kind: "assign", ids: ["a"], userId: null })).toEqual({ ids: ["a"], action: "assign", userId: "00000000-0000-0000-0000-000000000000" });
    expect(toBody({ kind: "assign", ids: ["a"], userId: null, teamId: "t" })).toEqual({ ids: ["a"], action: "assign", teamId: "t", userId: undefined });
    expect(toBody({ kind: "tag", ids: ["a"], tag: "vip" })).toEqual({ ids: ["a"], action: "tag", tag: "vip" });
    expect(toBody({ kind: "unread", ids: ["a"] })).toEqual({ ids: ["a"], action: "unread" });
  });
});
