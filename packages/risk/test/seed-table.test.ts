// The seed's "time savings by change type" table, on diff strings. Each row: a change as git prints it, the
// score and level the seed expects, and the gates that follow; the saving is against running every gate.
import { describe, expect, it } from "vitest";
import { assessChangeRisk, type RiskLevel, recommendGates } from "../src/index.js";
import { codeLines, gitDiff } from "./diffs.js";

interface Row {
  change: string;
  diff: string;
  files?: string[];
  score: number;
  level: RiskLevel;
  gatesLevel: RiskLevel;
}

const rows: Row[] = [
  {
    change: "docs only",
    diff: gitDiff([
      { path: "README.md", added: ["## Install", "", "npm i @vextrus/risk"], removed: ["TODO"] },
      { path: "docs/guide.md", added: ["More words."] },
    ]),
    score: 5,
    level: "minimal",
    gatesLevel: "minimal",
  },
  {
    change: "tests only",
    diff: gitDiff([
      { path: "src/format.test.ts", added: ['  it("trims", () => expect(format(" a ")).toBe("a"));'] },
      { path: "src/__tests__/parse.ts", added: ["expect(parse('')).toEqual([]);"] },
    ]),
    score: 10,
    level: "minimal",
    gatesLevel: "minimal",
  },
  {
    change: "simple bug fix (one source file, a few lines)",
    diff: gitDiff([
      { path: "src/format.ts", added: ["  if (value === undefined) return '';", "  return value.trim();"] },
    ]),
    score: 20,
    level: "standard",
    gatesLevel: "standard",
  },
  {
    change: "bug fix with its regression test",
    diff: gitDiff([
      { path: "src/format.ts", added: ["  return value.trim();"], removed: ["  return value;"] },
      { path: "src/format.test.ts", added: ['  it("trims", () => {});'] },
    ]),
    score: 20,
    level: "standard",
    gatesLevel: "standard",
  },
  {
    change: "small feature (4 files, 8 new functions, 220 lines)",
    diff: gitDiff(
      Array.from({ length: 4 }, (_, i) => ({
        path: `src/export/step${i}.ts`,
        added: [
          `export function step${i}() {`,
          `  async run(input: Input): Promise<void> {`,
          ...codeLines(53),
        ],
      })),
    ),
    score: 20,
    level: "standard",
    gatesLevel: "standard",
  },
  {
    change: "new feature (12 files, 14 new functions, 540 lines)",
    diff: gitDiff(
      Array.from({ length: 12 }, (_, i) => ({
        path: `src/reports/part${i}.ts`,
        status: "added" as const,
        added: [
          ...(i < 7 ? [`export function build${i}() {`, `export const render${i} = (x: number) => x;`] : []),
          ...codeLines(i < 7 ? 43 : 45),
        ],
      })),
    ),
    score: 70,
    level: "comprehensive",
    gatesLevel: "comprehensive",
  },
  {
    change: "payment change",
    diff: gitDiff([{ path: "src/payments/charge.ts", added: ["  amount = Math.round(amount);"] }]),
    score: 50,
    level: "thorough",
    gatesLevel: "comprehensive",
  },
  {
    change: "security change",
    diff: gitDiff([{ path: "src/security/csp.ts", added: ["  'default-src': ['self'],"] }]),
    score: 50,
    level: "thorough",
    gatesLevel: "comprehensive",
  },
  {
    change: "auth change",
    diff: gitDiff([
      { path: "src/authentication/session.ts", added: ["  maxAge: 3600,"], removed: ["  maxAge: 60,"] },
    ]),
    score: 50,
    level: "thorough",
    gatesLevel: "comprehensive",
  },
  {
    change: "database migration dropping a table",
    diff: gitDiff([
      { path: "db/migrations/0042_drop_legacy.sql", status: "added", added: ["DROP TABLE legacy;"] },
    ]),
    score: 100,
    level: "comprehensive",
    gatesLevel: "comprehensive",
  },
  {
    change: "untracked payment file next to a docs change",
    diff: gitDiff([{ path: "README.md", added: ["x"] }]),
    files: ["src/payments/new.ts"],
    score: 50,
    level: "thorough",
    gatesLevel: "comprehensive",
  },
];

describe("time savings by change type (seed table)", () => {
  const everything = recommendGates({ score: 100 }).timeEstimateMinutes;

  it.each(rows)("$change → score $score, $level; gates $gatesLevel", (row) => {
    const risk = assessChangeRisk({ diff: row.diff, ...(row.files ? { files: row.files } : {}) });
    expect({ score: risk.score, level: risk.level }).toEqual({ score: row.score, level: row.level });
    const gates = recommendGates(risk);
    expect(gates.level).toBe(row.gatesLevel);
    expect(everything - gates.timeEstimateMinutes).toBeGreaterThanOrEqual(0);
  });

  it("saves time on the low-risk rows against running every gate", () => {
    const saved = (row: Row | undefined) =>
      everything - recommendGates(assessChangeRisk({ diff: row?.diff ?? "" })).timeEstimateMinutes;
    expect(saved(rows[0])).toBe(12); // docs only: 6 minutes instead of 18
    expect(saved(rows[1])).toBe(12);
    expect(saved(rows[2])).toBe(4);
  });
});
