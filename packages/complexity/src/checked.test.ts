import { describe, expect, it } from "vitest";
import { scoreWithCheckedRules } from "./checked.js";
import { parseComplexityRules } from "./config.js";
import { scoreTask } from "./score.js";

const tasks = [
  { description: "Fix a typo in the README" },
  {
    description: "Add refunds to the payment service",
    files: ["src/payments/refund.ts", "db/migration/042.sql"],
  },
  { description: "Event sourcing for orders", files: Array.from({ length: 12 }, (_, i) => `src/o${i}.ts`) },
  { description: "Rotate auth tokens", linesChanged: 900, newFunctions: 14, affectsProduction: true },
];

describe("scoreWithCheckedRules (@vextrus/complexity/checked)", () => {
  it("scores exactly as scoreTask with the default rules and with rules from parseComplexityRules", () => {
    const { config } = parseComplexityRules({
      rules: [
        { id: "many-files", points: 5 },
        { id: "billing", kind: "keyword", in: "description", keywords: ["refunds"], points: 40 },
      ],
      thresholds: { haiku: 10 },
    });
    for (const task of tasks) {
      expect(scoreWithCheckedRules(task)).toEqual(scoreTask(task));
      expect(scoreWithCheckedRules(task, config)).toEqual(scoreTask(task, config));
    }
    expect(
      scoreWithCheckedRules(tasks[1] ?? { description: "" }, config).reasons.map((r) => r.rule),
    ).toContain("billing");
  });

  it("leaves checking to scoreTask, which still rejects a malformed rule", () => {
    expect(() => scoreTask({ description: "x" }, { rules: [{ id: "Bad Id" } as never] })).toThrow(/rules/);
  });
});
