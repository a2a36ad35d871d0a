import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { output, sandbox } from "./harness.js";
import { readUsage, seedUsage, usageRecord } from "./stores.js";

// Earlier versions kept the cost ledger in the project's state folder; the hooks fold it into the user's ledger.
describe("a project ledger left by an older version", () => {
  it("is folded into the user ledger at the first event that reads it, once, with its history", async () => {
    const s = sandbox();
    const old = join(s.state, "vextrus.db");
    seedUsage(old, [
      usageRecord("msg_a:req_a", { timestamp: "2026-11-10T09:00:00.000Z", input: 1_000_000 }),
      usageRecord("msg_b:req_b", { timestamp: "2026-11-11T09:00:00.000Z", output: 100_000 }),
    ]);
    const r = await s.hook("SessionStart", { source: "startup" });
    expect(r.stderr).toMatch(
      /^vextrus-hook: moved this project's cost history \(2 requests\) into .*cost-ledger\.db\n$/,
    );
    // Its spend is in this month's budget line: nothing lost in the move.
    expect(output(r)?.systemMessage).toMatch(/Budget: \$\d+\.\d\d of \$500\.00 spent/);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(`${old}.migrated`)).toBe(true);
    expect(readUsage(s.ledger).keys.sort()).toEqual(["msg_a:req_a", "msg_b:req_b"]);

    const again = await s.hook("SessionStart", { source: "startup" });
    expect(again.stderr).toBe("");
    expect(readUsage(s.ledger).counts.records).toBe(2);
  });
});
