// The ledger's writer thread (docs/ingest-thread.md). A thread runs built JavaScript, so these tests load the built
// package (`pnpm build` runs before `pnpm test`, turbo.json) and compare it with the same build writing inline.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { VextrusCostError } from "../src/errors.js";
import { createFsTranscriptSource } from "../src/fs-source.js";
import { type IngestResult, planIngest, readTranscriptFile } from "../src/ingest.js";
import { startLedgerWriter } from "../src/ledger-writer.js";
import { createMemoryUsageStore, type UsageStore } from "../src/store.js";
import { assistantLine, lines, taskCall, userLine } from "./lines.js";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const node = (await import(pathToFileURL(join(dist, "node.js")).href)) as typeof import("../src/node.js");
// The built script, started by the source's ledger-writer.ts: the two sides speak plain data.
const script = pathToFileURL(join(dist, "ledger-writer-thread.js"));

function corpus(): { dir: string; projectDirs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "vx-writer-"));
  cpSync(join(here, "fixtures", "sample"), dir, { recursive: true });
  cpSync(join(here, "fixtures", "runs"), dir, { recursive: true });
  mkdirSync(join(dir, "projects", "-home-dev-many"));
  // Keys repeat across files (as a progress echo repeats a subagent's request), with other output counts.
  for (let f = 0; f < 24; f++) {
    const ls = Array.from({ length: 50 }, (_, i) =>
      assistantLine({ id: `m${(f * 50 + i) % 700}`, output: i + f, session: `s${f % 5}` }),
    );
    writeFileSync(join(dir, "projects", "-home-dev-many", `s${f}.jsonl`), lines(...ls));
  }
  return { dir, projectDirs: node.claudeProjectDirs({ CLAUDE_CONFIG_DIR: dir }, "/nonexistent") };
}

/** Everything a report or a sync reads from a ledger. */
function contents(store: UsageStore) {
  return {
    usage: store.usage(),
    agentTypes: store.agentTypes(),
    counts: store.counts(),
    rollups: store.rollups({ by: ["hour", "session", "project", "agent"] }),
    runs: store.agentRuns(),
    files: store.fileStates?.(),
    changes: store.changesSince(0, 100_000).records,
  };
}

function ledger(name: string): UsageStore {
  return node.openSqliteUsageStore(join(mkdtempSync(join(tmpdir(), `vx-ledger-${name}-`)), "vextrus.db"));
}

/**
 * Two ledgers of one corpus, one written on the calling thread and one on the writer thread; `both()` brings each
 * up to date with the transcripts and returns their ingest results.
 */
async function paired(
  body: (p: {
    many: string;
    inline: UsageStore;
    threaded: UsageStore;
    both(): Promise<[IngestResult, IngestResult]>;
  }) => Promise<void>,
): Promise<void> {
  const { dir, projectDirs } = corpus();
  const inline = ledger("inline");
  const threaded = ledger("thread");
  const both = async (): Promise<[IngestResult, IngestResult]> => [
    await node.ingestClaudeTranscripts({ projectDirs, store: inline, writer: "inline" }),
    await node.ingestClaudeTranscripts({ projectDirs, store: threaded, writer: "thread" }),
  ];
  try {
    await body({ many: join(dir, "projects", "-home-dev-many"), inline, threaded, both });
  } finally {
    inline.close();
    threaded.close();
  }
}

describe("the ledger's writer thread", () => {
  it("writes exactly what an ingest on one thread writes, and the next run reads nothing", () =>
    paired(async ({ inline, threaded, both }) => {
      const [a, b] = await both();
      expect(b).toEqual(a);
      expect(b.usageLines).toBeGreaterThan(1000);
      expect(contents(threaded)).toEqual(contents(inline));
      expect(threaded.agentRuns().calls.length).toBeGreaterThan(0);
      const [, again] = await both();
      expect(again).toMatchObject({ filesRead: 0, bytesRead: 0, usageLines: 0 });
    }));

  it("copies the committed run into the ledger file itself, while the reading side still holds the ledger", () =>
    paired(async ({ threaded, both }) => {
      await both();
      const path = threaded.location as string;
      // Only the thread can have made the copy: the reading side's connection stays open, and a ledger's pages move
      // from its WAL into the file at a checkpoint or at the last connection's close.
      const alone = () => {
        const copy = join(mkdtempSync(join(tmpdir(), "vx-ledger-alone-")), "vextrus.db");
        copyFileSync(path, copy);
        const store = node.openSqliteUsageStore(copy);
        try {
          return store.usage().length;
        } finally {
          store.close();
        }
      };
      const deadline = Date.now() + 4_000;
      while (alone() < threaded.usage().length && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(alone()).toBe(threaded.usage().length);
      expect(threaded.usage().length).toBeGreaterThan(500);
    }));

  it("merges appended bytes with what the ledger holds, as one thread does", () =>
    paired(async ({ many, inline, threaded, both }) => {
      await both();
      // A grown copy of a request already kept (more output), and new requests.
      const more = lines(
        assistantLine({ id: "m3", output: 5_000, session: "s3" }),
        assistantLine({ id: "m900", output: 7, session: "s1", ts: "2026-11-21T08:00:00.000Z" }),
      );
      writeFileSync(join(many, "s3.jsonl"), more, { flag: "a" });
      await both();
      expect(contents(threaded)).toEqual(contents(inline));
      expect(threaded.usage().find((r) => r.key.startsWith("m3:"))?.output).toBe(5_000);
    }));

  it("ends a run whose call and result were appended to two files in the same run", () =>
    paired(async ({ many, inline, threaded, both }) => {
      await both();
      const call = assistantLine({
        id: "m_call",
        ts: "2026-11-21T09:00:00.000Z",
        content: taskCall("toolu_cross", "Explore"),
      });
      writeFileSync(join(many, "s1.jsonl"), lines(call), { flag: "a" });
      const result = userLine("found it", { timestamp: "2026-11-21T09:05:00.000Z" }).replace(
        "toolu_x",
        "toolu_cross",
      );
      writeFileSync(join(many, "s9.jsonl"), lines(result), { flag: "a" });
      await both();
      const ends = (store: UsageStore) => store.agentRuns().ends.filter((e) => e.toolUseId === "toolu_cross");
      expect(ends(inline)).toHaveLength(1);
      expect(ends(threaded)).toEqual(ends(inline));
      expect(contents(threaded)).toEqual(contents(inline));
    }));

  it("refuses writer 'thread' for a store that is not a file, naming the fix", async () => {
    const { projectDirs } = corpus();
    await expect(
      node.ingestClaudeTranscripts({ projectDirs, store: createMemoryUsageStore(), writer: "thread" }),
    ).rejects.toThrow(/writer 'thread' needs a SQLite ledger .*use writer 'auto' or 'inline'/);
  });

  it("rolls the whole run back when the reading side stops it", async () => {
    const { dir, projectDirs } = corpus();
    const store = ledger("abort");
    try {
      await node.ingestClaudeTranscripts({ projectDirs, store, writer: "inline" });
      const before = contents(store);
      for (let f = 0; f < 24; f++) {
        const more = lines(assistantLine({ id: `n${f}`, output: 1, session: `s${f % 5}` }));
        writeFileSync(join(dir, "projects", "-home-dev-many", `s${f}.jsonl`), more, { flag: "a" });
      }
      const source = createFsTranscriptSource({ projectDirs });
      const plan = planIngest(source, store);
      expect(plan.jobs.length).toBeGreaterThan(4);
      const writer = startLedgerWriter(script, store.location as string, plan);
      for (const job of plan.jobs.slice(0, 4)) writer.write(readTranscriptFile(source, job));
      await writer.abort("a transcript could not be read");
      expect(contents(store)).toEqual(before);
      // Nothing was left locked, and no offset moved: the next run reads the appended lines.
      await node.ingestClaudeTranscripts({ projectDirs, store, writer: "thread" });
      expect(store.usage().length).toBe(before.usage.length + 24);
    } finally {
      store.close();
    }
  });

  it("throws the thread's error as the store's own, with its code and fix", async () => {
    const { projectDirs } = corpus();
    const source = createFsTranscriptSource({ projectDirs });
    const plan = planIngest(source, createMemoryUsageStore());
    const folder = mkdtempSync(join(tmpdir(), "vx-writer-folder-"));
    const writer = startLedgerWriter(script, folder, plan);
    for (const job of plan.jobs) {
      if (writer.failed) break;
      writer.write(readTranscriptFile(source, job));
    }
    const error = await writer.finish().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VextrusCostError);
    expect(error).toMatchObject({ code: "STORE_INVALID" });
    expect((error as VextrusCostError).detail).toBe(
      `store: ${folder} is a folder, expected a SQLite database file`,
    );
    expect(writer.failed).toBe(true);
  });
});
