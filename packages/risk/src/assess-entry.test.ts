import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as assessEntry from "./assess-entry.js";
import * as main from "./index.js";

describe("@vextrus/risk/assess", () => {
  it("is the main entry's assessment and parser, not a copy", () => {
    expect(assessEntry.assessChangeRisk).toBe(main.assessChangeRisk);
    expect(assessEntry.parseUnifiedDiff).toBe(main.parseUnifiedDiff);
    expect(assessEntry.LEVEL_THRESHOLDS).toBe(main.LEVEL_THRESHOLDS);
  });

  it("reaches no module that imports zod", () => {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const text = readFileSync(new URL(`./${name}.ts`, import.meta.url), "utf8");
      expect(text, name).not.toMatch(/from "zod"/);
      for (const m of text.matchAll(/from "\.\/([\w-]+)\.js"/g)) if (m[1]) visit(m[1]);
    };
    visit("assess-entry");
    expect(seen.has("assess")).toBe(true);
    expect(seen.has("parse-diff")).toBe(true);
  });
});
