import { describe, expect, it } from "vitest";
import { nearestDocs, prewarmHints } from "./prewarm.js";
import type { FinishedTask } from "./task.js";

const task = (id: string, description: string, files: string[], agent: string): FinishedTask => ({
  id,
  description,
  files,
  agents: [{ type: agent, success: true }],
  gates: [],
  durationMs: 20 * 60_000,
});

const history = [
  task(
    "t1",
    "Add retry to the payment webhook",
    ["src/payments/webhook.ts", "src/payments/retry.ts"],
    "reviewer",
  ),
  task(
    "t2",
    "Payment retry backoff is too short",
    ["src/payments/retry.ts", "lib/backoff/index.ts"],
    "reviewer",
  ),
  task("t3", "Update the README badges", ["docs/README.md"], "Explore"),
];

const files = (...paths: string[]) => {
  const set = new Set(paths);
  return (path: string) => set.has(path);
};

describe("prewarmHints", () => {
  it("ranks the folders similar tasks touched by summed similarity and names their docs and agents", () => {
    const hints = prewarmHints(history, "payment retry fails", { isFile: files("src/payments/CLAUDE.md") });
    expect(hints).toMatchObject({ matches: 2, agents: ["reviewer"], estimatedDurationMs: 20 * 60_000 });
    expect(hints?.folders).toEqual(["src/payments/", "lib/backoff/"]);
    expect(hints?.docs).toEqual(["src/payments/CLAUDE.md"]);
    expect(hints?.confidence).toBeGreaterThanOrEqual(0.2);
  });

  it("says nothing below the confidence cut-off, for a blank description or an empty history", () => {
    expect(prewarmHints(history, "payment retry fails", { minConfidence: 1.01 })).toBeUndefined();
    expect(prewarmHints(history, "Tune the GPU shader pipeline")).toBeUndefined();
    expect(prewarmHints(history, "   ")).toBeUndefined();
    expect(prewarmHints([], "payment retry")).toBeUndefined();
    expect(prewarmHints(history, "payment retry fails", { maxFolders: 1 })?.folders).toEqual([
      "src/payments/",
    ]);
  });
});

describe("nearestDocs", () => {
  it("takes a folder's own docs in name order, else the nearest parent's, below the project root", () => {
    const isFile = files("svc/billing/README.md", "svc/billing/CLAUDE.md", "tools/README.md", "README.md");
    expect(nearestDocs(["svc/billing/"], isFile)).toEqual(["svc/billing/CLAUDE.md", "svc/billing/README.md"]);
    expect(nearestDocs(["tools/scripts/deep/", "other/"], isFile)).toEqual(["tools/README.md"]);
  });

  it("names a doc once, at most maxDocs, and never looks outside the project", () => {
    const isFile = files(...["a", "b", "c", "d", "e", "f", "svc"].map((d) => `${d}/README.md`));
    expect(nearestDocs(["svc/x/", "svc/y/"], isFile)).toEqual(["svc/README.md"]);
    expect(nearestDocs(["a/", "b/", "c/", "d/", "e/", "f/"], isFile)).toHaveLength(5);
    const asked: string[] = [];
    nearestDocs(["../outside/", "/etc/", "a/../../outside/", "..\\outside\\"], (p) => {
      asked.push(p);
      return true;
    });
    expect(asked).toEqual([]);
  });
});
