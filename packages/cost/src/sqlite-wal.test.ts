import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { checkpointWal, openWalDatabase } from "./sqlite-wal.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** Another process that holds a write transaction on `path` for `ms`, as a hook writing the same file does. */
async function holdWriteLock(path: string, ms: number): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `const { DatabaseSync } = require("node:sqlite");
       const db = new DatabaseSync(${JSON.stringify(path)});
       db.exec("BEGIN IMMEDIATE"); process.stdout.write("held\\n");
       setTimeout(() => { db.exec("COMMIT"); db.close(); }, ${ms});`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  await new Promise((resolve) => child.stdout?.once("data", resolve));
}

const newFile = () => {
  const path = join(mkdtempSync(join(tmpdir(), "vx-wal-")), "ledger.db");
  new DatabaseSync(path).close();
  return path;
};
const journal = (db: DatabaseSync) => db.prepare("PRAGMA journal_mode").get()?.journal_mode;

describe("openWalDatabase", () => {
  it("switches a new file that another process is writing to WAL once it is free, instead of failing at once", async () => {
    const path = newFile();
    // SQLite refuses this switch at once, without its busy handler: a bare open would fail here.
    await holdWriteLock(path, 300);
    const start = Date.now();
    const db = openWalDatabase(path, 5000);
    expect(journal(db)).toBe("wal");
    expect(Date.now() - start).toBeGreaterThanOrEqual(200);
    db.close();
  });

  it("gives up with SQLite's busy error once the timeout has passed", async () => {
    const path = newFile();
    await holdWriteLock(path, 3000);
    const start = Date.now();
    expect(() => openWalDatabase(path, 200)).toThrow(expect.objectContaining({ errcode: 5 }));
    expect(Date.now() - start).toBeGreaterThanOrEqual(200);
    expect(Date.now() - start).toBeLessThan(2500);
  });

  it("leaves a file in WAL as it is: a writer elsewhere does not hold it up", async () => {
    const path = newFile();
    openWalDatabase(path, 1000).close();
    await holdWriteLock(path, 3000);
    const start = Date.now();
    const db = openWalDatabase(path, 5000);
    expect(journal(db)).toBe("wal");
    expect(Date.now() - start).toBeLessThan(1000);
    db.close();
  });

  it("gives a new file the page size asked for, and leaves a file that has pages with its own", () => {
    const path = join(mkdtempSync(join(tmpdir(), "vx-wal-")), "ledger.db");
    const pageSize = (db: DatabaseSync) => db.prepare("PRAGMA page_size").get()?.page_size;
    const made = openWalDatabase(path, 1000, { pageSize: 16384 });
    made.exec("CREATE TABLE t (x)");
    expect(pageSize(made)).toBe(16384);
    expect(journal(made)).toBe("wal");
    made.close();
    const reopened = openWalDatabase(path, 1000, { pageSize: 4096 });
    expect(pageSize(reopened)).toBe(16384);
    reopened.close();
    const old = newFile();
    const oldDb = new DatabaseSync(old);
    oldDb.exec("CREATE TABLE t (x)");
    oldDb.close();
    const kept = openWalDatabase(old, 1000, { pageSize: 16384 });
    expect(pageSize(kept)).toBe(4096);
    kept.close();
  });

  it("sizes the connection's page cache in MiB, and names a page size or cache SQLite cannot use", () => {
    const db = openWalDatabase(newFile(), 1000, { cacheMiB: 64 });
    // A negative cache_size is in KiB.
    expect(db.prepare("PRAGMA cache_size").get()?.cache_size).toBe(-65536);
    db.close();
    expect(() => openWalDatabase(newFile(), 1000, { pageSize: 10000 })).toThrow(/pageSize: 10000/);
    expect(() => openWalDatabase(newFile(), 1000, { cacheMiB: Number.NaN })).toThrow(/cacheMiB: NaN/);
    expect(() => openWalDatabase(newFile(), 1000, { cacheMiB: 0 })).toThrow(/cacheMiB: 0/);
  });
});

/** The rows the database file holds on its own, without its WAL: what a checkpoint has copied into it. */
function rowsInFileAlone(path: string): number {
  const copy = join(mkdtempSync(join(tmpdir(), "vx-wal-copy-")), "alone.db");
  copyFileSync(path, copy);
  const db = new DatabaseSync(copy);
  try {
    return Number(db.prepare("SELECT count(*) AS n FROM t").get()?.n);
  } finally {
    db.close();
  }
}

describe("checkpointWal", () => {
  it("copies committed pages from the WAL into the file while another connection keeps it open", () => {
    const path = newFile();
    const writer = openWalDatabase(path, 1000);
    writer.exec("CREATE TABLE t (x INTEGER)");
    writer.exec("INSERT INTO t VALUES (1), (2), (3)");
    // A file copied without its WAL has no table until a checkpoint: opening it fails or finds nothing.
    expect(() => rowsInFileAlone(path)).toThrow(/no such table/);
    expect(checkpointWal(path)).toBe(true);
    expect(rowsInFileAlone(path)).toBe(3);
    // The open connection is not disturbed, and its WAL is still there for it.
    writer.exec("INSERT INTO t VALUES (4)");
    expect(existsSync(`${path}-wal`)).toBe(true);
    writer.close();
    expect(rowsInFileAlone(path)).toBe(4);
  });

  it("leaves a missing file missing", () => {
    const path = join(mkdtempSync(join(tmpdir(), "vx-wal-")), "none.db");
    expect(checkpointWal(path)).toBe(false);
    expect(existsSync(path)).toBe(false);
  });
});
