import { describe, expect, it } from "vitest";
import { readTeamSettings, resolveTeamTarget } from "./team.js";
import { validateOptimization } from "./validate.js";

describe("optimization.team", () => {
  it("reads every setting", () => {
    const read = readTeamSettings({
      ledger_url: "postgres://ana@db.example:5432/vextrus",
      sync_on: "session_end",
      monthly_budget_usd: 2000,
      user: "ana",
      machine: "laptop",
    });
    expect(read.errors).toEqual([]);
    expect(read.warnings).toEqual([]);
    expect(read.settings).toEqual({
      ledger_url: "postgres://ana@db.example:5432/vextrus",
      sync_on: "session_end",
      monthly_budget_usd: 2000,
      user: "ana",
      machine: "laptop",
    });
  });

  it("refuses a password in the settings file without printing it, and names each bad field", () => {
    const result = validateOptimization({
      team: {
        ledger_url: "postgres://ana:hunter2@db/v",
        sync_on: "hourly",
        monthly_budget_usd: -1,
        user: "a b",
      },
    });
    expect(result.errors).toHaveLength(4);
    expect(result.errors[0]).toMatch(/^optimization\.team\.ledger_url: holds a password.*PGPASSWORD/);
    expect(result.errors.join("\n")).not.toContain("hunter2");
    expect(result.errors[1]).toMatch(/^optimization\.team\.sync_on: expected one of manual, session_end/);
    expect(result.errors[2]).toMatch(/^optimization\.team\.monthly_budget_usd: expected a positive number/);
    expect(result.errors[3]).toMatch(/^optimization\.team\.user: expected a name/);
  });

  it("takes VEXTRUS_LEDGER over the setting, and hashes the login and host names by default", () => {
    const { settings } = readTeamSettings({ ledger_url: "postgres://ana@db/v" });
    const env = { VEXTRUS_LEDGER: "postgres://ana:pw@other/v" };
    const target = resolveTeamTarget(settings, { env, userName: "ana", hostName: "laptop" });
    expect(target?.url).toBe("postgres://ana:pw@other/v");
    expect(target?.from).toBe("VEXTRUS_LEDGER");
    expect(target?.user).toMatch(/^u-[0-9a-f]{10}$/);
    expect(target?.machine).toMatch(/^m-[0-9a-f]{10}$/);
    expect(target?.user).not.toContain("ana");
    const other = resolveTeamTarget(settings, { env: {}, userName: "ana", hostName: "server" });
    expect(other?.machine).not.toBe(target?.machine);
    expect(other?.from).toBe("optimization.team.ledger_url");
    expect(
      resolveTeamTarget(readTeamSettings(undefined).settings, { env: {}, userName: "a", hostName: "h" }),
    ).toBe(undefined);
  });
});
