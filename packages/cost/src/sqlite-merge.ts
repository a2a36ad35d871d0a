import { existsSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import { decodeBatch } from "./batch-codec.js";
import { VextrusCostError } from "./errors.js";
import type { UsageRecord } from "./records.js";
import { keptRequests } from "./sqlite-rollups.js";
import { type FileState, mergeRecords, type UsageStore } from "./store.js";

export interface MergeResult {
  /** Requests read from the other ledger (each once); those already in `into` are kept once, not added twice. */
  records: number;
  /** Transcript files whose read position came along. */
  files: number;
}

interface FileRow extends FileState {
  path: string;
}

/**
 * Which read position of a transcript to keep when two ledgers both read it. Both ledgers' requests end up in
 * the merged one, so either position is safe (nothing is skipped); the further one saves reading bytes again.
 * Another inode means the file was replaced: the newer observation describes the file that exists now.
 */
function laterState(a: FileState, b: FileState): FileState {
  if (a.ino === b.ino) return b.offset > a.offset ? b : a;
  return b.mtimeMs > a.mtimeMs ? b : a;
}

/**
 * Folds the history of another SQLite ledger (`fromPath`) into `into`: every request once (the same
 * message.id + requestId keeps the copy with the larger output, as ingestion does), each transcript's read
 * position, the agent types. All in one transaction of `into`, so a crash leaves it as it was; running it again
 * adds nothing. `fromPath` is opened read-write only so SQLite folds its write-ahead log back into the file, and
 * never created: a file another process moved away meanwhile is an error, not a new empty ledger.
 */
export function mergeSqliteUsageStore(fromPath: string, into: UsageStore): MergeResult {
  if (!existsSync(fromPath))
    throw new VextrusCostError("STORE_INVALID", `store: ${fromPath} does not exist; nothing to merge`);
  let db: DatabaseSync;
  try {
    const url = pathToFileURL(fromPath);
    url.searchParams.set("mode", "rw");
    db = new DatabaseSync(url, { timeout: 5000 });
  } catch (cause) {
    throw new VextrusCostError("STORE_INVALID", `store: ${fromPath} is not a usable Vextrus database`, {
      cause,
    });
  }
  let files: FileRow[];
  const batches = new Map<string, Map<string, UsageRecord>>();
  let calls: [string, string][];
  let links: [string, string][];
  let meta: [string, string][];
  try {
    const schema = db.prepare("SELECT value FROM cost_meta WHERE key = 'schema'").get() as
      | { value: string }
      | undefined;
    // Schema 3 only added rollups, which `into` keeps for itself: the batches read the same. Schema 4 keeps each
    // request once (cost_requests) and no batches.
    if (schema?.value !== "2" && schema?.value !== "3" && schema?.value !== "4")
      throw new VextrusCostError(
        "STORE_INVALID",
        `store: ${fromPath} has cost schema ${schema?.value ?? "none"}, this version merges 2 to 4; upgrade Vextrus or move the file aside`,
      );
    files = db
      .prepare("SELECT path, ino, size, offset, mtime_ms AS mtimeMs, malformed FROM cost_files")
      .all() as unknown as FileRow[];
    if (schema.value === "4") batches.set("", new Map(keptRequests(db).map((r) => [r.key, r])));
    else {
      for (const row of db.prepare("SELECT file, data FROM cost_batches ORDER BY id").all() as {
        file: string;
        data: string;
      }[]) {
        const merged = batches.get(row.file) ?? new Map<string, UsageRecord>();
        batches.set(row.file, merged);
        mergeRecords(merged, decodeBatch(row.data));
      }
    }
    const pairs = (sql: string) =>
      db
        .prepare(sql)
        .all()
        .map((r) => Object.values(r) as [string, string]);
    calls = pairs("SELECT tool_use_id, agent_type FROM cost_agent_calls");
    links = pairs("SELECT agent_id, tool_use_id FROM cost_agent_links");
    meta = pairs("SELECT agent_id, agent_type FROM cost_agent_meta");
  } catch (cause) {
    throw cause instanceof VextrusCostError
      ? cause
      : new VextrusCostError("STORE_INVALID", `store: ${fromPath} is not a usable Vextrus database`, {
          cause,
        });
  } finally {
    db.close();
  }
  const keys = new Set<string>();
  into.transaction(() => {
    for (const [file, records] of batches) {
      into.addUsage([...records.values()], file);
      for (const key of records.keys()) keys.add(key);
    }
    for (const { path, ...state } of files) {
      const existing = into.getFile(path);
      into.putFile(path, existing ? laterState(existing, state) : state);
    }
    for (const [id, type] of calls) into.addAgentCall(id, type);
    for (const [agentId, toolUseId] of links) into.addAgentLink(agentId, toolUseId);
    for (const [agentId, type] of meta) into.setAgentType(agentId, type);
  });
  return { records: keys.size, files: files.length };
}
