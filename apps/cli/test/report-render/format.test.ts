import { formatUsd, usdToPico } from "@vextrus/cost";
import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown } from "../../src/commands/report/render/escape.js";
import {
  formatCount,
  formatDurationMs,
  formatPercent,
  formatRate,
  formatUsd2,
} from "../../src/commands/report/render/format.js";
import { seriesColor } from "../../src/commands/report/render/palette.js";

describe("report render helpers", () => {
  it("formats USD to the cent with separators, like the CLI formats exact pico-dollars", () => {
    expect(formatUsd2(12.34)).toBe("$12.34");
    expect(formatUsd2(0)).toBe("$0.00");
    expect(formatUsd2(1234567.891)).toBe("$1,234,567.89");
    expect(formatUsd2(-3.5)).toBe("-$3.50");
    expect(formatUsd2(-0.001)).toBe("$0.00");
    expect(formatUsd2(Number.NaN)).toBe("n/a");
    for (const usd of [1.005, 0.015, 2.675, 99.995, 0.1 + 0.2, 12.345]) {
      expect(formatUsd2(usd)).toBe(formatUsd(usdToPico(usd)));
    }
  });

  it("formats ratios and percentages", () => {
    expect(formatRate(0.875)).toBe("87.5%");
    expect(formatRate(1)).toBe("100.0%");
    expect(formatRate(0)).toBe("0.0%");
    expect(formatRate(0.5, 0)).toBe("50%");
    expect(formatPercent(42.123)).toBe("42.1%");
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe("n/a");
  });

  it("formats counts and durations", () => {
    expect(formatCount(4812)).toBe("4,812");
    expect(formatDurationMs(850)).toBe("850 ms");
    expect(formatDurationMs(12_340)).toBe("12.3 s");
    expect(formatDurationMs(125_000)).toBe("2m 05s");
  });

  it("escapes HTML text and attributes, and Markdown cells", () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;",
    );
    expect(escapeMarkdown("a|b *c* _d_ `e`\n<f>")).toBe("a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<f\\>");
  });

  it("cycles the colour palette instead of running out", () => {
    expect(seriesColor(10)).toBe(seriesColor(0));
    expect(seriesColor(3)).not.toBe(seriesColor(2));
  });
});
