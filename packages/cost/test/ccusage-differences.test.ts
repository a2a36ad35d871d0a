// Where ccusage@20.0.24 (native binary) reads transcript lines differently from us, or where the issue said it does:
// each case a fixture, our figure and ccusage's, run side by side. The rules are in docs/transcripts.md, "Where
// ccusage reads lines differently".
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { summarizeUsage } from "../src/aggregate.js";
import { claudeProjectDirs, createFsTranscriptSource } from "../src/fs-source.js";
import { ingestTranscripts } from "../src/ingest.js";
import { createPriceBook } from "../src/pricing.js";
import { createMemoryUsageStore, type UsageStore } from "../src/store.js";
import { runCcusage } from "./ccusage.js";
import { assistantLine, lines, progressLine } from "./lines.js";

/** A Claude config folder holding `files` under one project. */
function corpus(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "vx-ccusage-diff-"));
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, "projects", "-home-dev-x", path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

function ingest(dir: string, store: UsageStore = createMemoryUsageStore()) {
  const projectDirs = claudeProjectDirs({ CLAUDE_CONFIG_DIR: dir }, "/nonexistent");
  const result = ingestTranscripts({ source: createFsTranscriptSource({ projectDirs }), store });
  const report = summarizeUsage(store.usage(), { groupBy: "day", book: createPriceBook(), timezone: "UTC" });
  return { result, store, totals: report.totals.tokens };
}

/** Input and output tokens, ours and ccusage's, in one shape. */
const ourTokens = (t: { input: number; output: number }) => ({ input: t.input, output: t.output });
const theirTokens = (dir: string) => {
  const { totals } = runCcusage("daily", dir);
  return { input: totals.inputTokens, output: totals.outputTokens };
};

/** The line as a JSON writer with `": "` and `", "` separators writes it (Python's json.dumps, for one). */
function spaced(line: string): string {
  return JSON.stringify(JSON.parse(line), null, 1)
    .replace(/\n */g, " ")
    .replace(/([[{]) /g, "$1")
    .replace(/ ([\]}])/g, "$1");
}

describe("where ccusage 20.0.24 reads lines differently, docs/transcripts.md decides", () => {
  it("counts a line written with spaces after its colons; ccusage skips it", () => {
    const line = spaced(assistantLine({ id: "m2", input: 20, output: 200 }));
    expect(line).toContain('"type": "assistant"');
    const dir = corpus({ "s1.jsonl": lines(assistantLine({ id: "m1", input: 10, output: 100 }), line) });
    const ours = ingest(dir);
    expect(ours.result.malformedLines).toBe(0);
    expect(ours.store.usage().map((r) => r.key)).toEqual(["m1:req_m1", "m2:req_m2"]);
    expect(ourTokens(ours.totals)).toEqual({ input: 30, output: 300 });
    expect(theirTokens(dir)).toEqual({ input: 10, output: 100 });
  });

  it("counts each line without message.id as its own request, keyed by file and offset; so does ccusage", () => {
    // Without message.id: one line repeated with the same requestId, one with none, and the pair copied into a
    // second session (as a resumed session copies lines). With message.id but no requestId: one message, streamed.
    const noId = assistantLine({ req: "r1", input: 10, output: 100 });
    const bare = assistantLine({ req: null, input: 1, output: 7 });
    const pair = lines(noId, noId, bare, bare);
    const streamed = lines(
      assistantLine({ id: "m5", req: null, input: 30, output: 3 }),
      assistantLine({ id: "m5", req: null, input: 30, output: 300 }),
    );
    const dir = corpus({ "s1.jsonl": pair + streamed, "s2.jsonl": pair });
    const ours = ingest(dir);
    const keys = ours.store.usage().map((r) => r.key);
    expect(keys.filter((k) => k.startsWith("@"))).toHaveLength(8);
    expect(keys).toContain("m5:");
    // 2 × (10 + 10 + 1 + 1) + 30 input, 2 × (100 + 100 + 7 + 7) + 300 output.
    expect(ourTokens(ours.totals)).toEqual({ input: 74, output: 728 });
    expect(theirTokens(dir)).toEqual({ input: 74, output: 728 });
  });

  it("keeps the copy with the largest output of a message in both a progress echo and the subagent file; ccusage keeps the first it reads", () => {
    const echo = (output: number) =>
      progressLine({ id: "sub1", req: "rs1", agentId: "a1", parentToolUseId: "toolu_1", input: 3, output });
    const own = (output: number) =>
      assistantLine({ id: "sub1", req: "rs1", agentId: "a1", sidechain: true, input: 3, output });
    const main = assistantLine({ id: "m1", output: 100 });
    // ccusage reads the parent's file first: the echo's copy (5 output tokens) wins there, the subagent's own last
    // copy (50) here. With the larger copy in the echo, both readers agree.
    const smallEcho = corpus({
      "s1.jsonl": lines(main, echo(5)),
      "s1/subagents/agent-a1.jsonl": lines(own(50)),
    });
    const ours = ingest(smallEcho);
    expect(ourTokens(ours.totals)).toEqual({ input: 3, output: 150 });
    expect(ours.store.usage().find((r) => r.key === "sub1:rs1")).toMatchObject({ agentId: "a1", output: 50 });
    expect(theirTokens(smallEcho)).toEqual({ input: 3, output: 105 });
    const bigEcho = corpus({
      "s1.jsonl": lines(main, echo(50)),
      "s1/subagents/agent-a1.jsonl": lines(own(5)),
    });
    expect(ourTokens(ingest(bigEcho).totals)).toEqual({ input: 3, output: 150 });
    expect(theirTokens(bigEcho)).toEqual({ input: 3, output: 150 });
  });

  it("counts a whole last line without its newline, as ccusage does, and once only after the newline comes", () => {
    const dir = corpus({
      "s1.jsonl": `${lines(assistantLine({ id: "m1", output: 100 }))}${assistantLine({ id: "m2", input: 4, output: 40 })}`,
    });
    const store = createMemoryUsageStore();
    expect(ourTokens(ingest(dir, store).totals)).toEqual({ input: 4, output: 140 });
    expect(theirTokens(dir)).toEqual({ input: 4, output: 140 });
    appendFileSync(join(dir, "projects", "-home-dev-x", "s1.jsonl"), "\n");
    expect(ourTokens(ingest(dir, store).totals)).toEqual({ input: 4, output: 140 });
  });
});
