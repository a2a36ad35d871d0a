import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { assistantLine, lines } from "../test/lines.js";
import { usageStoreSuite } from "../test/store-suite.js";
import { ingestTranscripts } from "./ingest.js";
import { createMemoryTranscriptSource } from "./memory-source.js";
import { openReportedCostStore } from "./sqlite-reported.js";
import { LEDGER_PAGE_SIZE, openSqliteUsageStore } from "./sqlite-store.js";

const tempDb = () => join(mkdtempSync(join(tmpdir(), "vx-cost-")), "state", "vextrus.db");

describe("SQLite usage store", () => {
  usageStoreSuite(it, () => openSqliteUsageStore(tempDb()));

  it("keeps the time of the last full listing across close and reopen", () => {
    const path = tempDb();
    const first = openSqliteUsageStore(path);
    first.setListedAt?.(1_764_000_000_789);
    first.close();
    const second = openSqliteUsageStore(path);
    expect(second.listedAt?.()).toBe(1_764_000_000_789);
    second.close();
  });

  it("makes a new ledger in 16 KiB pages, whichever store writes it first, and keeps an older ledger's pages", () => {
    const pageSize = (path: string) => {
      const db = new DatabaseSync(path, { readOnly: true });
      const size = db.prepare("PRAGMA page_size").get()?.page_size;
      db.close();
      return size;
    };
    expect(LEDGER_PAGE_SIZE).toBe(16384);
    const path = tempDb();
    openSqliteUsageStore(path).close();
    expect(pageSize(path)).toBe(LEDGER_PAGE_SIZE);
    const reportedFirst = tempDb();
    openSqliteUsageStore(reportedFirst).close(); // makes the folder
    const other = join(reportedFirst, "..", "other.db");
    openReportedCostStore(other).close();
    expect(pageSize(other)).toBe(LEDGER_PAGE_SIZE);
    const older = join(reportedFirst, "..", "older.db");
    const db = new DatabaseSync(older);
    db.exec("CREATE TABLE t (x)");
    db.close();
    const store = openSqliteUsageStore(older);
    expect(store.counts().records).toBe(0);
    store.close();
    expect(pageSize(older)).toBe(4096);
  });

  it("names each new ledger with a random UUID of its own, and keeps it across close and reopen", () => {
    const dir = mkdtempSync(join(tmpdir(), "vx-ledger-id-"));
    const ids = ["a.db", "b.db", "c.db"].map((name) => {
      const store = openSqliteUsageStore(join(dir, name));
      const id = store.ledgerId();
      store.close();
      const again = openSqliteUsageStore(join(dir, name));
      expect(again.ledgerId()).toBe(id);
      again.close();
      return id;
    });
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it("keeps everything across close and reopen, and continues where it stopped", () => {
    const path = tempDb();
    const files = new Map([["p/s.jsonl", lines(assistantLine({ id: "m1", output: 4 }))]]);
    const source = createMemoryTranscriptSource(files);
    const first = openSqliteUsageStore(path);
    ingestTranscripts({ source, store: first });
    first.close();
    files.set("p/s.jsonl", files.get("p/s.jsonl") + lines(assistantLine({ id: "m2", output: 5 })));
    const second = openSqliteUsageStore(path);
    expect(ingestTranscripts({ source, store: second }).usageLines).toBe(1);
    expect(second.counts().records).toBe(2);
    second.close();
  });

  it("creates its folder 0700 and the database 0600; a state folder's .gitignore is config's", () => {
    const path = tempDb();
    openSqliteUsageStore(path).close();
    const dir = join(path, "..");
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, ".gitignore"))).toBe(false);
  });

  it("refuses a file that is not a database, naming it and the fix, and leaves it untouched", () => {
    const path = tempDb();
    openSqliteUsageStore(path).close();
    writeFileSync(path, "this is not sqlite, just text that happens to be here\n".repeat(100));
    const before = readFileSync(path);
    expect(() => openSqliteUsageStore(path)).toThrow(/not a usable Vextrus database .*move it aside/);
    expect(readFileSync(path)).toEqual(before);
  });

  it("refuses a database written by a newer schema instead of misreading it", () => {
    const path = tempDb();
    openSqliteUsageStore(path).close();
    const db = new DatabaseSync(path);
    db.prepare("UPDATE cost_meta SET value = '99' WHERE key = 'schema'").run();
    db.close();
    expect(() => openSqliteUsageStore(path)).toThrow(/cost schema 99, this version reads 4/);
  });

  it("two stores on one file see each other's writes (other processes, WAL)", () => {
    const path = tempDb();
    const a = openSqliteUsageStore(path);
    const b = openSqliteUsageStore(path);
    a.transaction(() => a.addUsage([recordFor("m1")]));
    expect(b.usage().map((r) => r.key)).toEqual(["m1"]);
    a.close();
    b.close();
  });
});

function recordFor(key: string) {
  return {
    key,
    timestamp: "2026-11-20T10:00:00.000Z",
    sessionId: "s",
    project: "p",
    model: "m",
    agentId: null,
    sidechain: false,
    input: 1,
    output: 1,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
  };
}
