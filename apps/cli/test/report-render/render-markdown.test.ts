import { describe, expect, it } from "vitest";
import { renderReportMarkdown } from "../../src/commands/report/render/render-markdown.js";
import type { ReportData } from "../../src/commands/report/render/report-data.js";
import { emptyReport, sampleReport } from "./sample-report.js";

/** The rows of the GFM table following `## heading`, split into trimmed cells (escaped pipes kept). */
function tableAfter(md: string, heading: string): string[][] {
  const start = md.indexOf(`## ${heading}\n`);
  if (start < 0) return [];
  const lines = md.slice(start).split("\n").slice(2);
  const rows: string[][] = [];
  for (const line of lines) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

describe("renderReportMarkdown", () => {
  it("starts with the title, period and a totals table", () => {
    const data = sampleReport();
    data.cost.totalUsd = 12.34;
    const md = renderReportMarkdown(data);
    expect(md.startsWith("# Vextrus weekly report\n")).toBe(true);
    expect(md).toContain("**Period:** 2026-11-16 → 2026-11-22 (weekly, Europe/Berlin)");
    expect(md).toContain(
      "| Total cost | Requests | Cache hit rate |\n| ---: | ---: | ---: |\n| $12.34 | 4,812 |",
    );
  });

  it("has a well-formed table for each section, with as many cells as headers", () => {
    const data = sampleReport();
    const md = renderReportMarkdown(data);
    const sizes: Record<string, number> = {
      "Cost per day by model": data.cost.byDay.length + 1,
      Models: data.cost.byModel.length + 1,
      Agents: data.agents.length,
      "Cache hit rate over time": data.cache.byDay.length + 1,
      Gates: data.gates.length,
    };
    for (const [heading, rows] of Object.entries(sizes)) {
      const table = tableAfter(md, heading);
      expect(table.length, heading).toBe(rows + 2);
      expect(
        table[1]?.every((c) => /^-{3}:?$/.test(c)),
        heading,
      ).toBe(true);
      expect(new Set(table.map((r) => r.length)).size, heading).toBe(1);
    }
    const perDay = tableAfter(md, "Cost per day by model");
    expect(perDay[0]).toEqual([
      "Day",
      ...data.cost.byModel.map((m) => m.model.replace(/_/g, "\\_")),
      "Total",
    ]);
    expect(perDay.at(-1)?.[0]).toBe("**Total**");
    expect(tableAfter(md, "Models")[2]).toEqual(["claude-opus-4-1-20250805", "$27.62", "52.7%", "1,840,000"]);
    expect(md).toMatch(/## Suggestions\n\n1\. \*\*high\*\* · Cache hit rate fell/);
  });

  it("escapes names that would break a table or inject HTML", () => {
    const data = sampleReport();
    data.agents[0] = {
      ...(data.agents[0] as ReportData["agents"][number]),
      agent: "a|b <script>alert(1)</script>\n*bold*",
    };
    const md = renderReportMarkdown(data);
    const agents = tableAfter(md, "Agents");
    expect(agents[2]?.[0]).toBe("a\\|b \\<script\\>alert(1)\\</script\\> \\*bold\\*");
    expect(new Set(agents.map((r) => r.length)).size).toBe(1);
    expect(md).not.toMatch(/(?<!\\)<script/);
  });

  it("says so when there is no data", () => {
    const md = renderReportMarkdown(emptyReport());
    expect(md).toContain("_No cost data in this period._");
    expect(md).toContain("_No agent invocations in this period._");
    expect(md).toContain("_No gate runs in this period._");
    expect(md).toContain("| $0.00 | 0 | 0.0% |");
  });
});
