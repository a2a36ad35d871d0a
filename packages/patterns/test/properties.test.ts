import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createPatternIndex,
  type FinishedTask,
  type Recommendation,
  recommendApproach,
  tokenize,
  tokenizePath,
} from "../src/index.js";
import { HISTORY } from "./fixtures/history.js";

const MIN = 60_000;

// Words from letters the fixture never puts together, so a task made of them shares no term with the fixture.
const alienWord = fc.string({
  unit: fc.constantFrom("q", "x", "z", "j", "v", "k"),
  minLength: 3,
  maxLength: 9,
});
const word = fc.oneof(
  fc.constantFrom("payment", "stripe", "login", "auth", "docs", "migration", "table", "component", "webhook"),
  fc.constantFrom("add", "fix", "orders", "caching", "users", "ui", "theme", "invoices", "token", "guide"),
  alienWord,
);
const sentence = (w: fc.Arbitrary<string>) =>
  fc.array(w, { minLength: 1, maxLength: 8 }).map((words) => words.join(" "));
const path = (w: fc.Arbitrary<string>) =>
  fc.array(w, { minLength: 1, maxLength: 4 }).map((parts) => `${parts.join("/")}.ts`);

const agents = fc.array(
  fc.record({ type: fc.constantFrom("architect", "coder", "tester", "writer"), success: fc.boolean() }),
  { maxLength: 5 },
);
const gates = fc.array(fc.constantFrom("lint", "unit-tests", "review"), { maxLength: 3 });

function taskOf(w: fc.Arbitrary<string>): fc.Arbitrary<Omit<FinishedTask, "id">> {
  return fc.record({
    description: sentence(w),
    files: fc.array(path(w), { maxLength: 4 }),
    agents,
    gates,
    durationMs: fc.integer({ min: 0, max: 500 * MIN }),
  });
}

const history = fc
  .array(taskOf(word), { maxLength: 25 })
  .map((tasks) => tasks.map((task, i) => ({ ...task, id: `t${i}` })));

const query = fc.record({
  description: sentence(word),
  files: fc.option(fc.array(path(word), { maxLength: 3 }), { nil: undefined }),
});

/** The task's terms per field, in a form that compares equal when the index cannot tell two tasks apart. */
function bag(task: { description: string; files: readonly string[] }): string {
  const terms = (tokens: readonly { term: string }[]) => tokens.map((t) => t.term).sort();
  return JSON.stringify([
    terms(tokenize(task.description)),
    terms([...new Set(task.files)].flatMap(tokenizePath)),
  ]);
}

function topId(result: Recommendation): string | undefined {
  return result.matches[0]?.taskId;
}

describe("recommendApproach properties", () => {
  it("keeps confidence in [0, 1] and every score and similarity non-negative", () => {
    fc.assert(
      fc.property(history, query, (tasks, task) => {
        const result = recommendApproach(createPatternIndex(tasks), task);
        expect(result.confidence).toBeGreaterThanOrEqual(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
        for (const match of result.matches) {
          expect(match.score).toBeGreaterThanOrEqual(0);
          expect(match.similarity).toBeGreaterThanOrEqual(0);
          expect(match.similarity).toBeLessThanOrEqual(1);
          for (const term of match.matchedTerms) expect(term.score).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("ranks first a history task the query repeats", () => {
    fc.assert(
      fc.property(
        history.filter((tasks) => tasks.length > 0),
        fc.nat(),
        (tasks, pick) => {
          const target = tasks[pick % tasks.length] as FinishedTask;
          const result = recommendApproach(createPatternIndex(tasks), {
            description: target.description,
            files: target.files,
          });
          if (result.terms.length === 0) return; // only stop words: nothing to match on
          const top = result.matches[0];
          expect(top?.exact).toBe(true);
          expect(top?.similarity).toBe(1);
          // Tasks with the same terms are the same task to the index; the earliest of them ranks first.
          const first = tasks.find((task) => bag(task) === bag(target));
          expect(top?.taskId).toBe(first?.id);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps the top match when an unrelated task joins the fixture history", () => {
    // The query is a fixture task's description, with at most one word left out, with or without its paths.
    // BM25 cannot promise this for every query: a new task shifts IDF and the average lengths a little, which can
    // swap two near-tied matches (a two-word query that half-matches several tasks); a query that says what one
    // task is about has a margin no unrelated task erodes.
    const fixtureQuery = fc
      .record({ source: fc.constantFrom(...HISTORY), drop: fc.nat(), withFiles: fc.boolean() })
      .map(({ source, drop, withFiles }) => {
        const words = source.description.split(" ");
        const kept = words.length > 3 ? words.filter((_, i) => i !== drop % (words.length + 1)) : words;
        return { description: kept.join(" "), files: withFiles ? source.files : [] };
      });
    fc.assert(
      fc.property(fixtureQuery, taskOf(alienWord), fc.boolean(), (task, alien, atStart) => {
        const unrelated = { ...alien, id: "unrelated" };
        const before = recommendApproach(createPatternIndex(HISTORY), task);
        const after = recommendApproach(
          createPatternIndex(atStart ? [unrelated, ...HISTORY] : [...HISTORY, unrelated]),
          task,
        );
        expect(topId(after)).toBe(topId(before));
      }),
      { numRuns: 1500 },
    );
  });
});
