import { describe, expect, it } from "vitest";
import type { TeamRow } from "./ledger.js";
import { memberLines } from "./member-lines.js";

function row(key: string, model: string, member: [string, string] | null, n: number): TeamRow {
  return {
    key,
    model,
    user: member?.[0] ?? null,
    machine: member?.[1] ?? null,
    requests: n,
    unpricedRequests: model === "x" ? n : 0,
    input: 10 * n,
    output: 20 * n,
    cacheWrite5m: n,
    cacheWrite1h: 2 * n,
    cacheRead: 100 * n,
    costPico: BigInt(1000 * n),
    first: `2026-11-0${n}T00:00:00.000Z`,
    last: `2026-11-0${n}T23:00:00.000Z`,
  };
}

describe("memberLines", () => {
  it("sums a group's models into one line, keeping the rows' order of groups", () => {
    const lines = memberLines([
      row("2026-11", "opus", null, 1),
      row("2026-11", "x", null, 3),
      row("2026-12", "opus", null, 2),
    ]);
    expect(
      lines.map((l) => [l.key, l.requests, l.unpricedRequests, l.input, l.cacheRead, l.costPico]),
    ).toEqual([
      ["2026-11", 4, 3, 40, 400, 4000n],
      ["2026-12", 2, 0, 20, 200, 2000n],
    ]);
    expect(lines[0]?.first).toBe("2026-11-01T00:00:00.000Z");
    expect(lines[0]?.last).toBe("2026-11-03T23:00:00.000Z");
    expect(lines[0]).not.toHaveProperty("model");
  });

  it("keeps members apart when the report was split by member", () => {
    const ana: [string, string] = ["ana", "laptop"];
    const anaServer: [string, string] = ["ana", "server"];
    const lines = memberLines([
      row("2026-11", "opus", ana, 1),
      row("2026-11", "sonnet", anaServer, 2),
      row("2026-11", "sonnet", ana, 3),
    ]);
    expect(lines.map((l) => [l.user, l.machine, l.requests])).toEqual([
      ["ana", "laptop", 4],
      ["ana", "server", 2],
    ]);
  });
});
