import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { formatCount, formatRate, formatUsd2 } from "../../src/commands/report/render/format.js";
import { seriesColor } from "../../src/commands/report/render/palette.js";
import { renderReportHtml } from "../../src/commands/report/render/render-html.js";
import { CHROMIUM, chromiumInstalled, runChromium } from "./chromium.js";
import { chartSvg, elementsWith, seriesGroups, totalOf } from "./dom-text.js";
import { countColor, decodePng } from "./png.js";
import { sampleReport } from "./sample-report.js";

// A fixed place outside the repo, so the last screenshot can be opened by hand after a run.
const OUT = join(tmpdir(), "vextrus-report-render");
const missing = `${CHROMIUM} not found: install Debian's chromium package (apt-get install -y chromium)`;

describe("the HTML report in headless Chromium", () => {
  it("renders the three charts and the totals, and screenshots as a PNG", (ctx) => {
    if (!chromiumInstalled()) {
      // CI must exercise the real browser; only a developer machine may go without it.
      if (process.env.CI) throw new Error(`${missing}; CI has to run this test`);
      ctx.skip(missing);
    }
    const data = sampleReport();
    mkdirSync(OUT, { recursive: true });
    const page = join(OUT, "report.html");
    const screenshot = join(OUT, "report.png");
    writeFileSync(page, renderReportHtml(data));
    const url = pathToFileURL(page).href;

    const dump = runChromium(url, ["--dump-dom"]);
    const dom = dump.stdout;

    const cost = chartSvg(dom, "cost-by-day");
    expect(cost, "cost chart rendered").toBeDefined();
    const groups = seriesGroups(cost ?? "");
    expect(groups).toHaveLength(data.cost.byModel.length);
    expect(groups.flatMap((g) => g.rects)).toHaveLength(data.cost.byModel.length * data.cost.byDay.length);
    expect(elementsWith(chartSvg(dom, "agent-invocations") ?? "", "rect", "data-agent")).toHaveLength(
      data.agents.length,
    );
    expect(elementsWith(chartSvg(dom, "cache-hit-rate") ?? "", "circle", "data-day")).toHaveLength(
      data.cache.byDay.length,
    );

    expect(totalOf(dom, "cost")).toEqual({
      text: formatUsd2(data.cost.totalUsd),
      value: JSON.stringify(data.cost.totalUsd),
    });
    expect(totalOf(dom, "requests")).toEqual({
      text: formatCount(data.cost.requests),
      value: JSON.stringify(data.cost.requests),
    });
    expect(totalOf(dom, "cache-hit-rate")).toEqual({
      text: formatRate(data.cache.hitRate),
      value: JSON.stringify(data.cache.hitRate),
    });

    const shot = runChromium(url, [
      `--screenshot=${screenshot}`,
      "--window-size=1280,2000",
      "--hide-scrollbars",
    ]);
    expect(existsSync(screenshot)).toBe(true);
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
    const png = decodePng(readFileSync(screenshot));
    expect([png.width, png.height]).toEqual([1280, 2000]);
    // The bars were actually painted, not just present in the DOM: every model's colour covers real area.
    for (const i of data.cost.byModel.keys()) {
      expect(countColor(png, seriesColor(i)), `pixels of series ${i}`).toBeGreaterThan(100);
    }

    ctx.annotate(`dump-dom ${Math.round(dump.ms)} ms, screenshot ${Math.round(shot.ms)} ms: ${screenshot}`);
  });
});
