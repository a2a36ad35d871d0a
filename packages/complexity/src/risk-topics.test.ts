// Complexity must see what risk sees: a task that names an area or an operation the risk rules score as high-risk
// is never routed to haiku alone. The words come from `@vextrus/risk`'s own rule data (a devDependency, used only
// here), so a word risk learns and complexity does not fails this test.
import { DEFAULT_RISK_RULES, WORD_ALIASES } from "@vextrus/risk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_THRESHOLDS, type ModelTier } from "./models.js";
import { DEFAULT_COMPLEXITY_RULES } from "./rules.js";
import { scoreTask } from "./score.js";

const TIERS: readonly ModelTier[] = ["haiku", "haiku-with-sonnet-review", "sonnet", "opus"];
const rank = (description: string) => TIERS.indexOf(scoreTask({ description }).model);
const REVIEWED = TIERS.indexOf("haiku-with-sonnet-review");

function fired(description: string): Record<string, readonly string[]> {
  return Object.fromEntries(scoreTask({ description }).reasons.map((r) => [r.rule, r.evidence]));
}

const pathWords = DEFAULT_RISK_RULES.flatMap((rule) =>
  rule.kind === "path-words" ? rule.words.flatMap((word) => [word, ...(WORD_ALIASES[word] ?? [])]) : [],
);
const addedLineRules = DEFAULT_RISK_RULES.flatMap((rule) => (rule.kind === "added-line" ? [rule] : []));
const riskWords = [...pathWords, ...addedLineRules.map((rule) => rule.label)];
/** Any Unicode text, so texts with characters outside the BMP take the slower search path too. */
const anyText = fc.string({ unit: "grapheme" });

/**
 * Strings risk's added-line pattern matches. fast-check cannot generate from `\b` or the `i` flag, so it
 * generates from the pattern without them, keeps what the real pattern matches, and mixes the case where the
 * pattern ignores it.
 */
function matching(rule: (typeof addedLineRules)[number]): fc.Arbitrary<string> {
  const real = new RegExp(rule.pattern, rule.flags);
  const loose = new RegExp(rule.pattern.replaceAll("\\b", ""), rule.flags.replace(/[iy]/g, ""));
  const text = fc.stringMatching(loose).filter((s) => real.test(s));
  if (!rule.flags.includes("i")) return text;
  return fc
    .tuple(text, fc.infiniteStream(fc.boolean()))
    .map(([s, upper]) =>
      Array.from(s, (c) => (upper.next().value ? c.toUpperCase() : c.toLowerCase())).join(""),
    )
    .filter((s) => real.test(s));
}

describe("risk's high-risk words in a task description", () => {
  it("reads words from risk's rules: its path words with their aliases, and every added-line label", () => {
    expect(pathWords).toEqual(expect.arrayContaining(["auth", "payment", "migration", "oauth", "finance"]));
    expect(addedLineRules.map((rule) => rule.label)).toEqual(
      expect.arrayContaining(["DROP TABLE", "ALTER TABLE", "DELETE FROM"]),
    );
  });

  it.each(riskWords)("%s alone lands at least on the haiku-with-sonnet-review tier", (word) => {
    const result = scoreTask({ description: `Change the ${word} handling` });
    expect(result.score).toBeGreaterThanOrEqual(DEFAULT_MODEL_THRESHOLDS.haiku);
    expect(TIERS.indexOf(result.model)).toBeGreaterThanOrEqual(REVIEWED);
  });

  it("does so whatever text surrounds the word", () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...riskWords), anyText, (before, word, after) => {
        expect(rank(`${before} ${word} ${after}`)).toBeGreaterThanOrEqual(REVIEWED);
      }),
    );
  });

  it.each(addedLineRules.map((rule) => [rule.id, rule] as const))(
    "flags any line risk's %s rule would flag, written into a description",
    (_id, rule) => {
      fc.assert(
        fc.property(matching(rule), (line) => {
          expect(rank(line)).toBeGreaterThanOrEqual(REVIEWED);
        }),
      );
    },
  );

  it("never lowers the tier when a high-risk word is added to any description", () => {
    const words = fc.array(fc.oneof(anyText, fc.constantFrom(...riskWords, "event sourcing", "typo")));
    fc.assert(
      fc.property(words, fc.constantFrom(...riskWords), fc.boolean(), (parts, word, first) => {
        const description = parts.join(" ");
        const added = first ? `${word} ${description}` : `${description} ${word}`;
        expect(rank(added)).toBeGreaterThanOrEqual(Math.max(rank(description), REVIEWED));
      }),
    );
  });
});

describe("the risk topic rules", () => {
  it("route the issue's example away from haiku, naming auth, migration and drop table", () => {
    const result = scoreTask({ description: "add login and a DB migration that drops the users table" });
    expect(result.reasons).toEqual([
      { rule: "auth-topic", points: 30, evidence: ["login"] },
      { rule: "migration-topic", points: 30, evidence: ["migration"] },
      { rule: "drop-table", points: 40, evidence: ["drops the users table"] },
    ]);
    expect(result.score).toBe(100);
    expect(result.model).toBe("sonnet");
  });

  it.each([
    ["auth-topic", "Let users sign in with Google", "sign in"],
    ["auth-topic", "fix the signIn button", "signIn"],
    ["auth-topic", "Add oauth2 to the API", "oauth"],
    ["auth-topic", "Reset passwords by email", "passwords"],
    ["security-topic", "Patch the XSS in comments", "XSS"],
    ["payment-topic", "Send billing emails", "billing"],
    ["payment-topic", "Refunds for cancelled orders", "Refunds"],
    ["migration-topic", "Migrate the orders to the new schema", "Migrate"],
    ["migration-topic", "a schema change for carts", "schema change"],
    ["drop-table", "DROP TABLE sessions", "DROP TABLE"],
    ["drop-table", "drop the legacy_users table", "drop the legacy_users table"],
    ["drop-table", "drop the email column", "drop the email column"],
    ["alter-table", "alter the orders table to add a flag", "alter the orders table"],
    ["delete-rows", "delete all rows older than a year", "delete all rows"],
    ["delete-rows", "Wipe the staging database", "Wipe the staging database"],
    ["delete-rows", "truncate the audit table", "truncate the audit table"],
    ["raw-query", "Use $executeRawUnsafe for the report", "executeRaw"],
    ["raw-query", "rewrite it as raw SQL", "raw SQL"],
  ])("%s fires on %j, showing %j", (rule, description, evidence) => {
    expect(fired(description)[rule]).toEqual([evidence]);
  });

  it("add up when a task names several", () => {
    expect(
      scoreTask({ description: "Migrate billing: alter the invoices table" }).reasons.map((r) => r.rule),
    ).toEqual(["payment-topic", "migration-topic", "alter-table"]);
    expect(scoreTask({ description: "Migrate billing: alter the invoices table" }).score).toBe(90);
  });

  it("leave everyday words alone", () => {
    for (const description of [
      "Credit the author in the authorized-users list",
      "Fix immigration form typos",
      "Drop support for Node 18",
      "Render the pricing table",
      "Drag and drop rows in the table",
      "Delete the unused helper",
      "Delete all unused imports",
      "Truncate long titles in the sidebar",
      "git checkout the release branch",
      "Make the query faster",
    ])
      expect(scoreTask({ description }).reasons).toEqual([]);
  });

  it("are part of the defaults, each worth at least the reviewed tier's lowest score", () => {
    const ids = ["auth-topic", "security-topic", "payment-topic", "migration-topic"];
    ids.push("drop-table", "alter-table", "delete-rows", "raw-query");
    for (const id of ids) {
      const rule = DEFAULT_COMPLEXITY_RULES.find((candidate) => candidate.id === id);
      expect(rule?.points).toBeGreaterThanOrEqual(DEFAULT_MODEL_THRESHOLDS.haiku);
    }
  });
});
