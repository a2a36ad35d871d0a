import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryTranscriptSource, ingestTranscripts } from "@vextrus/cost";
import { openSqliteUsageStore } from "@vextrus/cost/node";
import { describe, expect, it } from "vitest";
import { migrateProjectLedger, openUserLedger } from "./ledger.js";
import { STATE_FILES } from "./state.js";

/** One assistant line of a transcript, as Claude Code writes it. */
const line = (id: string, output: number, ts = "2026-11-20T10:00:00.000Z") =>
  `${JSON.stringify({
    type: "assistant",
    sessionId: "s1",
    timestamp: ts,
    requestId: `req_${id}`,
    message: {
      id: `msg_${id}`,
      model: "claude-sonnet-4-5-20250929",
      role: "assistant",
      content: [{ type: "text", text: "ok" }],
      usage: {
        input_tokens: 100,
        output_tokens: output,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    },
  })}\n`;

/** A project as an older Vextrus left it: its own ledger of the transcripts it had read. */
function oldProject(base: string, name: string, transcripts: Record<string, string>): string {
  const state = join(base, name, ".claude", "state");
  mkdirSync(state, { recursive: true });
  const store = openSqliteUsageStore(join(state, STATE_FILES.projectLedger));
  ingestTranscripts({ source: createMemoryTranscriptSource(new Map(Object.entries(transcripts))), store });
  store.close();
  return state;
}

function totals(path: string) {
  const store = openSqliteUsageStore(path);
  try {
    const records = store.usage();
    return { requests: records.length, output: records.reduce((sum, r) => sum + r.output, 0) };
  } finally {
    store.close();
  }
}

describe("moving project ledgers to the user ledger", () => {
  it("folds two projects' ledgers with overlapping requests into one with exact totals, once", () => {
    const base = mkdtempSync(join(tmpdir(), "vx-config-ledger-"));
    // Each project ledger held the whole user-wide history it had seen: the same session appears in both, read
    // at different times (m2 still streaming in A).
    const a = oldProject(base, "a", {
      "p/s1.jsonl": line("m1", 10) + line("m2", 5),
      "p/a.jsonl": line("a1", 7),
    });
    const b = oldProject(base, "b", {
      "p/s1.jsonl": line("m1", 10) + line("m2", 5) + line("m2", 40),
      "p/b.jsonl": line("b1", 3),
    });
    const userLedger = join(base, "xdg", "vextrus", STATE_FILES.ledger);

    expect(migrateProjectLedger({ projectStateDir: a, userLedger })).toMatchObject({ records: 3 });
    expect(migrateProjectLedger({ projectStateDir: b, userLedger })).toMatchObject({ records: 3 });
    expect(totals(userLedger)).toEqual({ requests: 4, output: 10 + 40 + 7 + 3 });

    // Renamed, so never folded again; a second run finds nothing to do and changes nothing.
    for (const state of [a, b]) {
      expect(existsSync(join(state, STATE_FILES.projectLedger))).toBe(false);
      expect(existsSync(join(state, STATE_FILES.migratedLedger))).toBe(true);
      expect(migrateProjectLedger({ projectStateDir: state, userLedger })).toBeUndefined();
    }
    expect(totals(userLedger)).toEqual({ requests: 4, output: 60 });
  });

  it("opens the user ledger with a waiting project ledger folded in, and tells the caller", () => {
    const base = mkdtempSync(join(tmpdir(), "vx-config-ledger-"));
    const state = oldProject(base, "a", { "p/s.jsonl": line("x", 9) });
    const userLedger = join(base, "user", STATE_FILES.ledger);
    const moved: string[] = [];
    const store = openUserLedger({
      projectStateDir: state,
      userLedger,
      onMigrated: (m) => moved.push(m.from),
    });
    expect(store.usage().map((r) => r.output)).toEqual([9]);
    store.close();
    expect(moved).toEqual([join(state, STATE_FILES.projectLedger)]);
  });

  it("is a no-op outside a project and when no project ledger exists", () => {
    const base = mkdtempSync(join(tmpdir(), "vx-config-ledger-"));
    const userLedger = join(base, "user", STATE_FILES.ledger);
    expect(migrateProjectLedger({ projectStateDir: undefined, userLedger })).toBeUndefined();
    expect(migrateProjectLedger({ projectStateDir: join(base, "p"), userLedger })).toBeUndefined();
    expect(existsSync(join(base, "user"))).toBe(false);
  });
});
