import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assistantLine } from "../test/lines.js";
import { restoreTzAfterEach } from "../test/restore-tz.js";
import { type CostGrouping, summarizeUsage } from "./aggregate.js";
import { ingestTranscripts } from "./ingest.js";
import { createMemoryTranscriptSource } from "./memory-source.js";
import { createPriceBook } from "./pricing.js";
import { rollupRecords } from "./rollup.js";
import { reportFromRollups } from "./rollup-report.js";
import { openSqliteUsageStore } from "./sqlite-store.js";
import { byTime, createMemoryUsageStore } from "./store.js";

// The warm path end to end: transcripts appended to (a streamed message's later lines, a last line not yet
// terminated), cut short and replaced between runs, each run an incremental ingest into the same ledger; after every
// run, the ledger's rollups and the report read from them equal what the stored requests give.
// A last line left unterminated is counted at once when whole (ScanContext.atEnd), and once only after it is ended.

restoreTzAfterEach();

const FILES = [
  "-home-a-alpha/s1.jsonl",
  "-home-a-alpha/s1/subagents/agent-a1.jsonl",
  "-home-b-beta/s2.jsonl",
];

const line = fc
  .record({
    id: fc.constantFrom("msg_1", "msg_2", "msg_3", "msg_4", "msg_5"),
    output: fc.integer({ min: 1, max: 4000 }),
    input: fc.oneof(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 150_000, max: 260_000 })),
    read: fc.integer({ min: 0, max: 90_000 }),
    write5m: fc.integer({ min: 0, max: 3000 }),
    model: fc.constantFrom("claude-sonnet-4-5-20250929", "claude-opus-4-6", "claude-haiku-5-5"),
    // Around New York's and Kathmandu's day changes, and a DST change.
    ts: fc
      .integer({ min: -7200, max: 7200 })
      .chain((s) =>
        fc
          .constantFrom("2026-03-08T05:00:00.000Z", "2026-11-20T18:15:00.000Z")
          .map((base) => new Date(Date.parse(base) + s * 1000).toISOString()),
      ),
    speed: fc.constantFrom(undefined, "fast"),
  })
  .map((l) => {
    const { speed, ...rest } = l;
    return assistantLine({ ...rest, ...(speed && { speed }) });
  });

type Op =
  | { kind: "append"; file: number; lines: string[]; unterminated: boolean }
  | { kind: "truncate"; file: number; keep: number }
  | { kind: "replace"; file: number; lines: string[] };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("append" as const),
      file: fc.nat({ max: FILES.length - 1 }),
      lines: fc.array(line, { minLength: 1, maxLength: 4 }),
      unterminated: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("truncate" as const),
      file: fc.nat({ max: FILES.length - 1 }),
      keep: fc.nat({ max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("replace" as const),
      file: fc.nat({ max: FILES.length - 1 }),
      lines: fc.array(line, { maxLength: 3 }),
    }),
  },
);

function apply(files: Map<string, string>, inodes: Map<string, number>, o: Op): void {
  const path = FILES[o.file] as string;
  const text = files.get(path) ?? "";
  if (o.kind === "append") {
    // A line still being written has no newline yet; the next append finishes it.
    const complete = text === "" || text.endsWith("\n") ? text : `${text}\n`;
    files.set(path, complete + o.lines.join("\n") + (o.unterminated ? "" : "\n"));
  } else if (o.kind === "truncate") {
    const kept = text.split("\n").slice(0, o.keep);
    files.set(path, kept.length > 0 ? `${kept.join("\n")}\n` : "");
  } else {
    inodes.set(path, (inodes.get(path) ?? 1) + 1);
    files.set(path, o.lines.map((l) => `${l}\n`).join(""));
  }
}

describe("rollups over incremental ingests", () => {
  it("equal the stored requests' sums and report after appends, cut-short and replaced files", () => {
    const groupings: CostGrouping[] = ["day", "session", "agent", "model"];
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 12 }),
        fc.constantFrom("UTC", "America/New_York", "Asia/Kathmandu"),
        fc.constantFrom(...groupings),
        fc.boolean(),
        (ops, timezone, groupBy, local) => {
          const files = new Map<string, string>();
          const inodes = new Map<string, number>();
          const source = createMemoryTranscriptSource(files, inodes);
          const ledger = openSqliteUsageStore(join(mkdtempSync(join(tmpdir(), "vx-rollup-ingest-")), "l.db"));
          const memory = createMemoryUsageStore();
          const book = createPriceBook();
          if (local) process.env.TZ = timezone;
          let appendsOnly = true;
          for (const o of ops) {
            apply(files, inodes, o);
            appendsOnly &&= o.kind === "append";
            ingestTranscripts({ source, store: ledger });
            ingestTranscripts({ source, store: memory });
            const requests = ledger.usage();
            expect(requests).toEqual(memory.usage());
            if (appendsOnly) {
              // Nothing cut away yet: the ledger holds what one read of the files as they are now holds, a whole
              // unterminated last line included, and a line read unterminated and again terminated counted once.
              const once = createMemoryUsageStore();
              ingestTranscripts({ source, store: once });
              // Requests of one instant come in the order they were first stored, which one read and many differ on.
              const inOrder = (records: typeof requests) =>
                [...records].sort((a, b) => byTime(a, b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
              expect(inOrder(requests)).toEqual(inOrder(once.usage()));
              const keys = [...files.values()].flatMap((text) =>
                text
                  .split("\n")
                  .filter(Boolean)
                  .map((l) => {
                    const { message, requestId } = JSON.parse(l);
                    return `${message.id}:${requestId}`;
                  }),
              );
              expect(requests.map((r) => r.key).sort()).toEqual([...new Set(keys)].sort());
            }
            for (const by of [["hour", "agent"], ["session"]] as const) {
              const sort = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
              expect(sort(ledger.rollups({ by }))).toEqual(sort(rollupRecords(requests, { by })));
            }
            const options = { groupBy, book, timezone, agentTypes: ledger.agentTypes() };
            expect(reportFromRollups(ledger, { ...options, timezoneIsLocal: local })).toEqual(
              summarizeUsage(requests, options),
            );
          }
          ledger.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
