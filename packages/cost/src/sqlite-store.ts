import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { VextrusCostError } from "./errors.js";
import type { UsageRecord } from "./records.js";
import { type FileState, resolveAgentTypes, type UsageQuery, type UsageStore } from "./store.js";

const SCHEMA_VERSION = "1";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cost_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_files (
  path TEXT PRIMARY KEY, ino INTEGER NOT NULL, size INTEGER NOT NULL, offset INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL, malformed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS cost_usage (
  key TEXT PRIMARY KEY, ts TEXT NOT NULL, session_id TEXT NOT NULL, project TEXT NOT NULL, model TEXT NOT NULL,
  agent_id TEXT, sidechain INTEGER NOT NULL, input INTEGER NOT NULL, output INTEGER NOT NULL,
  cache_write_5m INTEGER NOT NULL, cache_write_1h INTEGER NOT NULL, cache_read INTEGER NOT NULL,
  speed TEXT, geo TEXT, web_searches INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cost_usage_ts ON cost_usage (ts);
CREATE TABLE IF NOT EXISTS cost_agent_calls (tool_use_id TEXT PRIMARY KEY, agent_type TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_agent_links (agent_id TEXT PRIMARY KEY, tool_use_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_agent_meta (agent_id TEXT PRIMARY KEY, agent_type TEXT NOT NULL);
`;

// One message's lines differ only in output_tokens (and the line's timestamp): keep the line with the most output.
// SQLite evaluates every SET expression against the row as it was, so `cost_usage.output` is the old value.
const UPSERT = `
INSERT INTO cost_usage (key, ts, session_id, project, model, agent_id, sidechain, input, output,
  cache_write_5m, cache_write_1h, cache_read, speed, geo, web_searches)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (key) DO UPDATE SET
  ts = iif(excluded.output > cost_usage.output, excluded.ts, cost_usage.ts),
  input = iif(excluded.output > cost_usage.output, excluded.input, cost_usage.input),
  cache_write_5m = iif(excluded.output > cost_usage.output, excluded.cache_write_5m, cost_usage.cache_write_5m),
  cache_write_1h = iif(excluded.output > cost_usage.output, excluded.cache_write_1h, cost_usage.cache_write_1h),
  cache_read = iif(excluded.output > cost_usage.output, excluded.cache_read, cost_usage.cache_read),
  speed = iif(excluded.output > cost_usage.output, excluded.speed, cost_usage.speed),
  geo = iif(excluded.output > cost_usage.output, excluded.geo, cost_usage.geo),
  web_searches = iif(excluded.output > cost_usage.output, excluded.web_searches, cost_usage.web_searches),
  output = max(excluded.output, cost_usage.output),
  agent_id = coalesce(cost_usage.agent_id, excluded.agent_id),
  sidechain = max(cost_usage.sidechain, excluded.sidechain)
`;

/**
 * Creates the project's state folder the way every Vextrus writer expects it: mode 0700, with a `.gitignore`
 * so nothing in it is ever committed.
 */
export function ensureStateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const ignore = join(dir, ".gitignore");
  if (!existsSync(ignore))
    writeFileSync(ignore, "# Vextrus state: local databases and logs\n*\n", { mode: 0o600 });
}

interface Row {
  key: string;
  ts: string;
  session_id: string;
  project: string;
  model: string;
  agent_id: string | null;
  sidechain: number;
  input: number;
  output: number;
  cache_write_5m: number;
  cache_write_1h: number;
  cache_read: number;
  speed: string | null;
  geo: string | null;
  web_searches: number;
}

function toRecord(row: Row): UsageRecord {
  return {
    key: row.key,
    timestamp: row.ts,
    sessionId: row.session_id,
    project: row.project,
    model: row.model,
    agentId: row.agent_id,
    sidechain: row.sidechain === 1,
    input: row.input,
    output: row.output,
    cacheWrite5m: row.cache_write_5m,
    cacheWrite1h: row.cache_write_1h,
    cacheRead: row.cache_read,
    speed: row.speed,
    geo: row.geo,
    webSearches: row.web_searches,
  };
}

function openDatabase(path: string): DatabaseSync {
  if (path !== ":memory:") {
    ensureStateDir(dirname(path));
    if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
    else if (statSync(path).isDirectory()) {
      throw new VextrusCostError(
        "STORE_INVALID",
        `store: ${path} is a folder, expected a SQLite database file`,
      );
    }
  }
  try {
    const db = new DatabaseSync(path, { timeout: 5000 });
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    return db;
  } catch (cause) {
    throw storeError(path, cause);
  }
}

function storeError(path: string, cause: unknown): VextrusCostError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (/database is locked|SQLITE_BUSY/i.test(detail)) {
    return new VextrusCostError(
      "STORE_LOCKED",
      `store: ${path} stayed locked by another process for 5 s; try again`,
      {
        cause,
      },
    );
  }
  return new VextrusCostError(
    "STORE_INVALID",
    `store: ${path} is not a usable Vextrus database (${detail}); move it aside and run again to rebuild it from the transcripts`,
    { cause },
  );
}

/** The embedded store: one SQLite file (node:sqlite), safe for several processes at once (WAL, busy timeout). */
export function openSqliteUsageStore(path: string): UsageStore {
  const db = openDatabase(path);
  let statements: Record<string, StatementSync>;
  try {
    const version = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'cost_meta'")
      .get();
    if (version) {
      const row = db.prepare("SELECT value FROM cost_meta WHERE key = 'schema'").get() as
        | { value: string }
        | undefined;
      if (row && row.value !== SCHEMA_VERSION) {
        throw new VextrusCostError(
          "STORE_INVALID",
          `store: ${path} has cost schema ${row.value}, this version reads ${SCHEMA_VERSION}; upgrade Vextrus or move the file aside`,
        );
      }
    }
    db.exec(SCHEMA);
    db.prepare("INSERT OR IGNORE INTO cost_meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
    statements = {
      getFile: db.prepare(
        "SELECT ino, size, offset, mtime_ms AS mtimeMs, malformed FROM cost_files WHERE path = ?",
      ),
      putFile: db.prepare(
        "INSERT OR REPLACE INTO cost_files (path, ino, size, offset, mtime_ms, malformed) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      upsert: db.prepare(UPSERT),
      call: db.prepare("INSERT OR REPLACE INTO cost_agent_calls (tool_use_id, agent_type) VALUES (?, ?)"),
      link: db.prepare("INSERT OR REPLACE INTO cost_agent_links (agent_id, tool_use_id) VALUES (?, ?)"),
      meta: db.prepare("INSERT OR REPLACE INTO cost_agent_meta (agent_id, agent_type) VALUES (?, ?)"),
      usage: db.prepare("SELECT * FROM cost_usage WHERE ts >= ? AND ts < ? ORDER BY ts"),
    };
  } catch (cause) {
    db.close();
    throw cause instanceof VextrusCostError ? cause : storeError(path, cause);
  }
  const s = statements as Record<keyof typeof statements, StatementSync>;
  let depth = 0;
  return {
    getFile: (p) => (s.getFile?.get(p) as FileState | undefined) ?? undefined,
    putFile: (p, f) => void s.putFile?.run(p, f.ino, f.size, f.offset, f.mtimeMs, f.malformed),
    upsertUsage(r) {
      s.upsert?.run(
        r.key,
        r.timestamp,
        r.sessionId,
        r.project,
        r.model,
        r.agentId,
        r.sidechain ? 1 : 0,
        r.input,
        r.output,
        r.cacheWrite5m,
        r.cacheWrite1h,
        r.cacheRead,
        r.speed ?? null,
        r.geo ?? null,
        r.webSearches ?? 0,
      );
    },
    addAgentCall: (id, type) => void s.call?.run(id, type),
    addAgentLink: (agentId, toolUseId) => void s.link?.run(agentId, toolUseId),
    setAgentType: (agentId, type) => void s.meta?.run(agentId, type),
    agentTypes() {
      const pairs = (sql: string) =>
        new Map(
          db
            .prepare(sql)
            .all()
            .map((r) => Object.values(r) as [string, string]),
        );
      return resolveAgentTypes(
        pairs("SELECT agent_id, agent_type FROM cost_agent_meta"),
        pairs("SELECT agent_id, tool_use_id FROM cost_agent_links"),
        pairs("SELECT tool_use_id, agent_type FROM cost_agent_calls"),
      );
    },
    usage(query: UsageQuery = {}) {
      const rows = s.usage?.all(query.from ?? "", query.to ?? "\uffff") as unknown as Row[];
      return rows.map(toRecord);
    },
    transaction(fn) {
      if (depth > 0) return fn();
      try {
        db.exec("BEGIN IMMEDIATE");
      } catch (cause) {
        throw storeError(path, cause);
      }
      depth++;
      try {
        const result = fn();
        db.exec("COMMIT");
        return result;
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      } finally {
        depth--;
      }
    },
    counts() {
      const one = (sql: string) => Number(Object.values(db.prepare(sql).get() ?? { n: 0 })[0] ?? 0);
      return {
        records: one("SELECT count(*) FROM cost_usage"),
        files: one("SELECT count(*) FROM cost_files"),
        malformed: one("SELECT coalesce(sum(malformed), 0) FROM cost_files"),
      };
    },
    close: () => db.close(),
  };
}
