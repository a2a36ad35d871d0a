import { describe, expect, it } from "vitest";
import { createPatternIndex, type Recommended, recommendApproach } from "../src/index.js";
import { HISTORY, THEMES, type Theme, themeOf } from "./fixtures/history.js";

const index = createPatternIndex(HISTORY);

function recommended(result: ReturnType<typeof recommendApproach>): Recommended {
  if (result.status !== "recommended") throw new Error(`expected a recommendation, got ${result.reason}`);
  return result;
}

const QUERIES: readonly { description: string; files?: string[]; top: string; theme: Theme }[] = [
  { description: "Refund a payment through the Stripe API", top: "pay-2", theme: "payments" },
  {
    description: "Handle the Stripe webhook for payment intents that fail",
    files: ["src/payments/stripe/webhook.ts"],
    top: "pay-1",
    theme: "payments",
  },
  { description: "Rotate JWT signing keys", files: ["src/auth/jwt/keys.ts"], top: "auth-2", theme: "auth" },
  {
    description: "Add Apple login over OAuth2",
    files: ["src/auth/oauth2/apple.ts"],
    top: "auth-1",
    theme: "auth",
  },
  { description: "Fix broken links in the deploy guide", top: "docs-3", theme: "docs" },
  { description: "Add a dark mode toggle", files: ["web/theme/darkMode.ts"], top: "ui-2", theme: "ui" },
  {
    description: "Redesign the modal component",
    files: ["web/components/Modal.tsx"],
    top: "ui-5",
    theme: "ui",
  },
  {
    description: "Backfill order totals for old orders",
    files: ["db/migrations/20250101_backfill_totals.sql"],
    top: "mig-3",
    theme: "migrations",
  },
];

describe("recommendation quality on the fixture history", () => {
  it("has at least 30 tasks across five themes", () => {
    expect(HISTORY.length).toBeGreaterThanOrEqual(30);
    expect(new Set(HISTORY.map((task) => themeOf(task.id))).size).toBe(5);
  });

  it.each(QUERIES)("finds $top first for “$description”", ({ description, files, top, theme }) => {
    const result = recommended(recommendApproach(index, { description, files }));
    expect(result.matches[0]?.taskId).toBe(top);
    // The best matches all come from the query's theme.
    for (const match of result.matches.slice(0, 3)) expect(themeOf(match.taskId)).toBe(theme);
    expect(result.agents).toEqual(THEMES[theme].agents);
    expect(result.gates.length).toBeGreaterThan(0);
    for (const gate of result.gates) expect(THEMES[theme].gates).toContain(gate);
    const { min, max } = THEMES[theme].durationMs;
    for (const ms of [result.estimatedDurationMs, result.durationRangeMs.low, result.durationRangeMs.high]) {
      expect(ms).toBeGreaterThanOrEqual(min);
      expect(ms).toBeLessThanOrEqual(max);
    }
    expect(result.durationRangeMs.low).toBeLessThanOrEqual(result.estimatedDurationMs);
    expect(result.estimatedDurationMs).toBeLessThanOrEqual(result.durationRangeMs.high);
    expect(result.confidence).toBeGreaterThan(0.15);
  });

  it("explains a match with the query's words and where the task has them", () => {
    const result = recommended(recommendApproach(index, { description: "Refund payments via Stripe" }));
    const terms = result.matches[0]?.matchedTerms ?? [];
    expect(terms.map((t) => t.words[0])).toEqual(expect.arrayContaining(["refund", "payments", "stripe"]));
    const payments = terms.find((t) => t.term === "payment");
    expect(payments?.fields).toEqual(["description", "files"]);
  });

  it("is confident about a repeat of a task and unsure about a vague query", () => {
    const [task] = HISTORY;
    if (task === undefined) throw new Error("empty fixture");
    const repeat = recommended(
      recommendApproach(index, { description: task.description, files: task.files }),
    );
    expect(repeat.matches[0]?.taskId).toBe(task.id);
    expect(repeat.confidence).toBeGreaterThan(0.9);

    const vague = recommendApproach(index, { description: "Create a dropdown menu component" });
    expect(vague.confidence).toBeLessThan(repeat.confidence / 2);
  });

  it.each([
    "Translate the onboarding video subtitles into Japanese",
    "Tune kubernetes autoscaling for the GPU cluster",
  ])("has no similar tasks for the unrelated “%s”", (description) => {
    const result = recommendApproach(index, { description });
    expect(result).toMatchObject({ status: "no-similar-tasks", reason: "below-threshold", confidence: 0 });
  });

  it("finds nothing for a payments task in a history of docs only", () => {
    const docsOnly = createPatternIndex(HISTORY.filter((task) => themeOf(task.id) === "docs"));
    const result = recommendApproach(docsOnly, {
      description: "Refund payments through Stripe",
      files: ["src/payments/refunds.ts"],
    });
    expect(result.status).toBe("no-similar-tasks");
    expect(result.confidence).toBe(0);
  });
});
