import { describe, expect, it } from "vitest";
import { formatUsd2 } from "../../src/commands/report/render/format.js";
import { renderReportHtml } from "../../src/commands/report/render/render-html.js";
import type { ReportData } from "../../src/commands/report/render/report-data.js";
import { chartSvg, elementsWith, seriesGroups, totalOf } from "./dom-text.js";
import { emptyReport, sampleReport } from "./sample-report.js";

function days(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `2026-12-${String(i + 1).padStart(2, "0")}`);
}

describe("renderReportHtml", () => {
  it("shows the totals in data-total elements, as text and as the JSON value", () => {
    const data = sampleReport();
    data.cost.totalUsd = 12.34;
    const html = renderReportHtml(data);
    expect(totalOf(html, "cost")).toEqual({ text: "$12.34", value: "12.34" });
    expect(totalOf(html, "requests")).toEqual({ text: "4,812", value: "4812" });
    const rate = totalOf(html, "cache-hit-rate");
    expect(rate?.text).toMatch(/^\d{1,3}\.\d%$/);
    expect(Number(rate?.value)).toBe(data.cache.hitRate);
    expect(html).toContain("Week 2026-11-16 → 2026-11-22 · Europe/Berlin");
  });

  it("is one self-contained file: inline style, no script, no URL", () => {
    const html = renderReportHtml(sampleReport());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<script|<link|https?:|\/\/[a-z]|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
  });

  it("draws one series per model with one rect per day, a legend and axis titles", () => {
    const data = sampleReport();
    const svg = chartSvg(renderReportHtml(data), "cost-by-day") ?? "";
    const groups = seriesGroups(svg);
    expect(groups.map((g) => g.series)).toEqual(data.cost.byModel.map((m) => m.model));
    for (const g of groups) {
      expect(g.rects.map((r) => r["data-day"])).toEqual(data.cost.byDay.map((d) => d.day));
      for (const r of g.rects) {
        const day = data.cost.byDay.find((d) => d.day === r["data-day"]);
        expect(Number(r["data-usd"])).toBe(day?.byModel[g.series]);
      }
    }
    expect(svg).toContain("Cost (USD)");
    expect(svg).toContain("Day (Europe/Berlin)");
    const html = renderReportHtml(data);
    expect(elementsWith(html, "li", "data-legend")).toHaveLength(5);
  });

  it("stacks bars: a day's rects touch, and the tallest day stays inside the plot", () => {
    const svg = chartSvg(renderReportHtml(sampleReport()), "cost-by-day") ?? "";
    const rects = elementsWith(svg, "rect", "data-day").filter((r) => r["data-day"] === "2026-11-19");
    const spans = rects
      .filter((r) => Number(r.height) > 0)
      .map((r) => [Number(r.y), Number(r.y) + Number(r.height)] as const);
    for (let i = 1; i < spans.length; i++) expect(spans[i]?.[1]).toBeCloseTo(spans[i - 1]?.[0] ?? 0, 1);
    for (const [top] of spans) expect(top).toBeGreaterThanOrEqual(16);
  });

  it("draws one bar per agent and one point per cache day", () => {
    const data = sampleReport();
    const html = renderReportHtml(data);
    const bars = elementsWith(chartSvg(html, "agent-invocations") ?? "", "rect", "data-agent");
    expect(bars.map((b) => b["data-agent"]).sort()).toEqual(data.agents.map((a) => a.agent).sort());
    expect(bars[0]?.["data-agent"]).toBe("explore"); // busiest first
    const points = elementsWith(chartSvg(html, "cache-hit-rate") ?? "", "circle", "data-day");
    expect(points.map((p) => [p["data-day"], Number(p["data-rate"])])).toEqual(
      data.cache.byDay.map((d) => [d.day, d.hitRate]),
    );
  });

  it("renders user-supplied names as text, never as markup", () => {
    const data = sampleReport();
    const evil = `<script>alert("pwned")</script>`;
    const quote = `x" onmouseover="alert(1)`;
    data.title = `Report ${evil}`;
    data.agents[0] = { ...(data.agents[0] as ReportData["agents"][number]), agent: evil };
    data.cost.byModel[0] = {
      ...(data.cost.byModel[0] as ReportData["cost"]["byModel"][number]),
      model: quote,
    };
    data.cost.byDay = data.cost.byDay.map((d) => ({ ...d, byModel: { ...d.byModel, [quote]: 1 } }));
    data.gates.push({ gate: "<img src=x onerror=alert(1)>", runs: 1, passRate: 1, avgDurationMs: 1 });
    data.suggestions.push({
      type: "x",
      priority: "low",
      message: evil,
      action: "</li><b>",
      estimatedSavingUsd: 0,
    });
    const html = renderReportHtml(data);
    expect(html).not.toMatch(/<script|<img|<b>|onmouseover="/i);
    expect(html).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;");
    expect(html).toContain('data-series="x&quot; onmouseover=&quot;alert(1)"');
    expect(elementsWith(html, "rect", "data-agent")).toHaveLength(data.agents.length);
  });

  it("shows a note instead of an empty chart or table when there is no data", () => {
    const html = renderReportHtml(emptyReport());
    expect(html).not.toContain("<svg");
    for (const chart of ["cost-by-day", "agent-invocations", "cache-hit-rate"]) {
      expect(html).toContain(`data-chart-empty="${chart}"`);
    }
    expect(html).toContain("No gate runs in this period.");
    expect(html).toContain("No suggestions");
    expect(totalOf(html, "cost")).toEqual({ text: "$0.00", value: "0" });
    expect(totalOf(html, "cache-hit-rate")?.text).toBe("0.0%");
  });

  it("handles one day, zero values and an all-zero period", () => {
    const data = sampleReport();
    data.cost.byDay = [{ day: "2026-11-16", byModel: { a: 0, b: 0 }, totalUsd: 0 }];
    data.cost.byModel = [
      { model: "a", usd: 0, tokens: 0, sharePct: 0 },
      { model: "b", usd: 0, tokens: 0, sharePct: 0 },
    ];
    data.cache.byDay = [{ day: "2026-11-16", hits: 0, misses: 0, hitRate: 0 }];
    data.agents = [{ agent: "idle", invocations: 0, successRate: 0, avgDurationMs: 0, costUsd: 0 }];
    const html = renderReportHtml(data);
    const rects = elementsWith(chartSvg(html, "cost-by-day") ?? "", "rect", "data-day");
    expect(rects).toHaveLength(2);
    expect(rects.every((r) => r.height === "0" && Number.isFinite(Number(r.y)))).toBe(true);
    expect(elementsWith(chartSvg(html, "cache-hit-rate") ?? "", "circle", "data-day")).toHaveLength(1);
    expect(chartSvg(html, "cache-hit-rate")).not.toContain("<polyline");
    expect(elementsWith(chartSvg(html, "agent-invocations") ?? "", "rect", "data-agent")[0]?.width).toBe("0");
    expect(html).not.toMatch(/NaN|Infinity/);
  });

  it("handles 31 days and 12 models: every rect drawn, colours cycle, day labels thinned", () => {
    const data = sampleReport();
    const models = Array.from({ length: 12 }, (_, i) => `model-${i + 1}`);
    data.cost.byModel = models.map((model, i) => ({ model, usd: 12 - i, tokens: 1000, sharePct: 100 / 12 }));
    data.cost.byDay = days(31).map((day, d) => ({
      day,
      byModel: Object.fromEntries(models.map((m, i) => [m, ((d + i) % 5) * 0.37])),
      totalUsd: 1,
    }));
    data.cache.byDay = days(31).map((day, d) => ({ day, hits: d, misses: 31 - d, hitRate: d / 31 }));
    const html = renderReportHtml(data);
    const svg = chartSvg(html, "cost-by-day") ?? "";
    const groups = seriesGroups(svg);
    expect(groups).toHaveLength(12);
    expect(groups.every((g) => g.rects.length === 31)).toBe(true);
    const fills = [...svg.matchAll(/<g data-series="[^"]*" fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(fills[10]).toBe(fills[0]);
    expect(new Set(fills.slice(0, 10)).size).toBe(10);
    const dayLabels = [...svg.matchAll(/<text class="tick"[^>]*text-anchor="middle">(\d\d-\d\d)</g)];
    expect(dayLabels.length).toBeGreaterThan(8);
    expect(dayLabels.length).toBeLessThanOrEqual(16);
    expect(elementsWith(chartSvg(html, "cache-hit-rate") ?? "", "circle", "data-day")).toHaveLength(31);
  });

  it("stacks a model that only appears in a day's breakdown, and warns about unpriced models", () => {
    const data = sampleReport();
    data.cost.byDay[0] = { ...(data.cost.byDay[0] as ReportData["cost"]["byDay"][number]) };
    data.cost.byDay[0].byModel = { ...data.cost.byDay[0].byModel, "mystery-model": 0.5 };
    data.cost.unpricedModels = ["mystery-model"];
    const html = renderReportHtml(data);
    expect(seriesGroups(chartSvg(html, "cost-by-day") ?? "").at(-1)?.series).toBe("mystery-model");
    expect(html).toMatch(/No price known for <strong>mystery-model<\/strong>/);
    expect(formatUsd2(data.cost.totalUsd)).toBe(totalOf(html, "cost")?.text);
  });

  it("lists suggestions high priority first, with savings", () => {
    const html = renderReportHtml(sampleReport());
    const priorities = elementsWith(html, "li", "data-priority").map((li) => li["data-priority"]);
    expect(priorities).toEqual(["high", "high", "medium", "low"]);
    expect(html).toContain("saves ~$6.30");
  });
});
