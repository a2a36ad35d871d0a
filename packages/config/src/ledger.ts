import { existsSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { UsageStore } from "@vextrus/cost";
import { mergeSqliteUsageStore, openSqliteUsageStore } from "@vextrus/cost/node";
import { userMessage } from "@vextrus/errors";
import { VextrusConfigError } from "./errors.js";
import { ensureStateDir } from "./node-fs.js";
import { STATE_FILES } from "./state.js";

export interface LedgerMigration {
  /** The project ledger that was folded in, now renamed to `vextrus.db.migrated`. */
  from: string;
  to: string;
  records: number;
}

export interface LedgerLocation {
  /** The user's ledger (statePaths().ledger). */
  userLedger: string;
  /** The project's state folder, where an older Vextrus kept a ledger of its own; undefined outside a project. */
  projectStateDir?: string | undefined;
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    // Another process finished the same move first.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/**
 * Moves the history of a project's own ledger (`<project state>/vextrus.db`, where an older Vextrus kept it) into
 * the user's ledger, once: every request once, nothing lost, then the project file is renamed
 * `vextrus.db.migrated` so it is never read again. Costs one stat when there is nothing to move. Two processes
 * doing it at once are safe: the fold is one transaction of the user ledger and adds nothing the second time, and
 * the project file is only opened, never created, so a process that comes second finds it gone and stops.
 */
export function migrateProjectLedger(location: LedgerLocation): LedgerMigration | undefined {
  const { projectStateDir, userLedger } = location;
  if (projectStateDir === undefined) return undefined;
  const from = join(projectStateDir, STATE_FILES.projectLedger);
  const stat = statSync(from, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (!stat.isFile())
    throw new VextrusConfigError(
      "LEDGER_MIGRATION_FAILED",
      `${from}: expected the cost ledger of an older Vextrus (a file), found a folder; move it away`,
    );
  ensureStateDir(dirname(userLedger));
  const store = openSqliteUsageStore(userLedger);
  let records: number;
  try {
    records = mergeSqliteUsageStore(from, store).records;
  } catch (error) {
    if (!existsSync(from)) return undefined; // moved by another process meanwhile: its migration, not ours
    throw new VextrusConfigError(
      "LEDGER_MIGRATION_FAILED",
      `${from}: could not move its cost history to ${userLedger} (${userMessage(error)}); move the file aside to start the user ledger without it`,
      { cause: error },
    );
  } finally {
    store.close();
  }
  const to = join(projectStateDir, STATE_FILES.migratedLedger);
  // The write-ahead files first (present only while another process still has the old ledger open).
  for (const suffix of ["-wal", "-shm"])
    if (existsSync(from + suffix)) renameIfThere(from + suffix, to + suffix);
  renameIfThere(from, to);
  return { from, to: userLedger, records };
}

/**
 * The user's cost ledger, opened for reading and writing: its folder made ready, and a project ledger left by an
 * older Vextrus folded in first.
 */
export function openUserLedger(
  location: LedgerLocation & { onMigrated?: (migration: LedgerMigration) => void },
): UsageStore {
  const migration = migrateProjectLedger(location);
  if (migration) location.onMigrated?.(migration);
  ensureStateDir(dirname(location.userLedger));
  return openSqliteUsageStore(location.userLedger);
}
