import { appendFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assistantLine, lines } from "../test/lines.js";
import { claudeProjectDirs, createFsTranscriptSource } from "./fs-source.js";
import { ingestTranscripts } from "./ingest.js";
import { ingestClaudeTranscripts } from "./parallel-ingest.js";
import { createMemoryUsageStore } from "./store.js";

const sample = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "sample");

function corpus(): string[] {
  const dir = mkdtempSync(join(tmpdir(), "vx-par-"));
  cpSync(sample, dir, { recursive: true });
  mkdirSync(join(dir, "projects", "-home-dev-many"));
  // Enough files that every thread gets several, with duplicates across files.
  for (let f = 0; f < 24; f++) {
    const ls = Array.from({ length: 50 }, (_, i) =>
      assistantLine({ id: `m${(f * 50 + i) % 700}`, output: i + f }),
    );
    writeFileSync(join(dir, "projects", "-home-dev-many", `s${f}.jsonl`), lines(...ls));
  }
  return claudeProjectDirs({ CLAUDE_CONFIG_DIR: dir }, "/nonexistent");
}

describe("ingestClaudeTranscripts", () => {
  it("gives exactly what a sequential ingest gives; a `threads` option is accepted and changes nothing", async () => {
    const projectDirs = corpus();
    const sequential = createMemoryUsageStore();
    const expected = ingestTranscripts({
      source: createFsTranscriptSource({ projectDirs }),
      store: sequential,
    });
    const parallel = createMemoryUsageStore();
    const got = await ingestClaudeTranscripts({
      projectDirs,
      store: parallel,
      threads: 3,
      minBytesPerThread: 1,
    });
    expect(got).toEqual(expected);
    expect(parallel.usage()).toEqual(sequential.usage());
    expect(parallel.agentTypes()).toEqual(sequential.agentTypes());
    expect(parallel.counts()).toEqual(sequential.counts());
  });

  it("reads nothing the second time", async () => {
    const projectDirs = corpus();
    const store = createMemoryUsageStore();
    await ingestClaudeTranscripts({ projectDirs, store, threads: 2, minBytesPerThread: 1 });
    const again = await ingestClaudeTranscripts({ projectDirs, store, threads: 2, minBytesPerThread: 1 });
    expect(again).toMatchObject({ filesRead: 0, bytesRead: 0, usageLines: 0 });
  });

  it("tells beforeRead what it will read before the store holds any of it, and only what is new", async () => {
    const projectDirs = corpus();
    const store = createMemoryUsageStore();
    const seen: { files: number; bytes: number; stored: number }[] = [];
    const beforeRead = (plan: { files: number; bytes: number }) =>
      seen.push({ ...plan, stored: store.counts().records });
    const first = await ingestClaudeTranscripts({ projectDirs, store, beforeRead });
    expect(seen).toEqual([{ files: first.filesRead, bytes: first.bytesRead, stored: 0 }]);
    expect(first.bytesRead).toBeGreaterThan(0);
    const file = join(projectDirs[0] as string, "-home-dev-many", "s0.jsonl");
    const appended = lines(assistantLine({ id: "m-new", output: 7 }));
    appendFileSync(file, appended);
    const stored = store.counts().records;
    const again = await ingestClaudeTranscripts({ projectDirs, store, beforeRead });
    expect(again.bytesRead).toBe(Buffer.byteLength(appended));
    expect(seen[1]).toEqual({ files: 1, bytes: Buffer.byteLength(appended), stored });
  });
});

describe("ingestClaudeTranscripts with a focus (a status line's run)", () => {
  const S1 = "11111111-1111-4111-8111-111111111111";
  const S2 = "22222222-2222-4222-8222-222222222222";
  function twoSessions() {
    const root = mkdtempSync(join(tmpdir(), "vx-focus-"));
    const projects = join(root, "projects");
    const at = {
      own: join(projects, "-home-dev-a", `${S1}.jsonl`),
      sub: join(projects, "-home-dev-a", S1, "subagents", "agent-a1.jsonl"),
      meta: join(projects, "-home-dev-a", S1, "subagents", "agent-a1.meta.json"),
      other: join(projects, "-home-dev-b", `${S2}.jsonl`),
    };
    mkdirSync(dirname(at.sub), { recursive: true });
    mkdirSync(dirname(at.other), { recursive: true });
    writeFileSync(at.own, lines(assistantLine({ id: "own1", session: S1, output: 1 })));
    writeFileSync(at.sub, lines(assistantLine({ id: "sub1", session: S1, agentId: "a1", sidechain: true })));
    writeFileSync(at.other, lines(assistantLine({ id: "other1", session: S2, output: 1 })));
    return { projectDirs: [projects], at };
  }
  const ids = (store: ReturnType<typeof createMemoryUsageStore>) =>
    store
      .usage()
      .map((r) => r.key.split(":")[0])
      .sort();
  const append = (path: string, id: string, extra: Record<string, unknown> = {}) =>
    appendFileSync(path, lines(assistantLine({ id, output: 2, ...extra })));

  it("reads only its session's files until everyMs has passed since the last full listing, then everything", async () => {
    const { projectDirs, at } = twoSessions();
    const store = createMemoryUsageStore();
    const focus = (now: number) => ({ transcript: at.own, everyMs: 10_000, now });
    // Never listed: the first run lists everything and keeps its time.
    await ingestClaudeTranscripts({ projectDirs, store, focus: focus(1_000) });
    expect(ids(store)).toEqual(["other1", "own1", "sub1"]);
    expect(store.listedAt?.()).toBe(1_000);

    append(at.own, "own2");
    append(at.sub, "sub2", { agentId: "a1", sidechain: true });
    writeFileSync(at.meta, JSON.stringify({ agentType: "reviewer" }));
    append(at.other, "other2");
    const focused = await ingestClaudeTranscripts({ projectDirs, store, focus: focus(10_999) });
    expect(ids(store)).toEqual(["other1", "own1", "own2", "sub1", "sub2"]);
    expect(focused.filesSeen).toBe(2); // the session's transcript and its subagent's, not the other session's
    expect(store.agentTypes().get("a1")).toBe("reviewer");
    expect(store.listedAt?.()).toBe(1_000);

    // everyMs after the last full listing, the other session's new request comes in.
    await ingestClaudeTranscripts({ projectDirs, store, focus: focus(11_000) });
    expect(ids(store)).toEqual(["other1", "other2", "own1", "own2", "sub1", "sub2"]);
    expect(store.listedAt?.()).toBe(11_000);
  });

  it("lists everything when the clock is before the last full listing, or the transcript is not in projectDirs", async () => {
    const { projectDirs, at } = twoSessions();
    const store = createMemoryUsageStore();
    const run = (now: number, everyMs = 10_000, transcript = at.own) =>
      ingestClaudeTranscripts({ projectDirs, store, focus: { transcript, everyMs, now } });
    await run(5_000);
    append(at.other, "other2");
    await run(4_000);
    expect(ids(store)).toContain("other2");
    expect(store.listedAt?.()).toBe(4_000);

    // everyMs 0: every run lists everything, and no time is kept.
    append(at.other, "other3");
    await run(9_000, 0);
    expect(ids(store)).toContain("other3");
    expect(store.listedAt?.()).toBe(4_000);

    append(at.other, "other4");
    await run(4_001, 10_000, join(mkdtempSync(join(tmpdir(), "vx-focus-else-")), "x", `${S1}.jsonl`));
    expect(ids(store)).toContain("other4");
  });

  it("keys a focused file as a full listing does, so no file is read twice", async () => {
    const { projectDirs, at } = twoSessions();
    const spelled = [`${projectDirs[0]}${sep}`];
    const store = createMemoryUsageStore();
    await ingestClaudeTranscripts({ projectDirs: spelled, store });
    const focused = await ingestClaudeTranscripts({
      projectDirs: spelled,
      store: Object.assign(store, { listedAt: () => 0 }),
      focus: { transcript: at.own, everyMs: 10_000, now: 1 },
    });
    expect(focused).toMatchObject({ filesSeen: 2, filesRead: 0, usageLines: 0 });
    expect(ids(store)).toEqual(["other1", "own1", "sub1"]);
  });
});
