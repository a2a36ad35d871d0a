// Files the SQLite backend must survive: made here rather than checked in, so each test gets its own copy.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";

/** A fresh `<tmp>/state/cache.db` path; the folder does not exist yet. */
export const tempDb = (): string =>
  join(mkdtempSync(join(tmpdir(), "vx-cache-sqlite-")), "state", "cache.db");

function inFolder(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

export function writeRandomBytes(path: string, size = 16_384): void {
  writeFileSync(inFolder(path), randomBytes(size));
}

/** A SQLite database whose `cache_entries` table has nothing in common with ours but the name. */
export function writeSameNameOtherColumns(path: string): void {
  const db = new DatabaseSync(inFolder(path));
  db.exec(`CREATE TABLE cache_entries (id INTEGER PRIMARY KEY, payload BLOB, created TEXT);
    INSERT INTO cache_entries (payload, created) VALUES (x'00ff', '2024-01-01');`);
  db.close();
}

/**
 * Another program's database, left the way a killed writer leaves it: in WAL mode with its last rows only in
 * the -wal file. Opening it read-write and closing would fold the WAL into the file; the backend must not.
 */
export function writeForeignWalDatabase(path: string): void {
  const script = `
    const { DatabaseSync } = require("node:sqlite");
    const db = new DatabaseSync(${JSON.stringify(inFolder(path))});
    db.exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;");
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    db.exec("INSERT INTO notes (body) VALUES ('groceries'), ('call the bank')");
    process.kill(process.pid, "SIGKILL");`;
  spawnSync(process.execPath, ["-e", script], { stdio: "ignore" });
}
