import { statSync } from "node:fs";
import type { HookContext } from "./context.js";

export interface Closable {
  close(): void | Promise<void>;
}

/**
 * The daemon's open SQLite stores, one per file. Opening and closing a store costs more than most events' work
 * (the last close checkpoints the WAL, ~1.5 ms), so the daemon keeps them open. A file deleted or replaced since
 * (a reset state folder) gets a new connection: writes never go to a file nobody will read.
 */
export interface StorePool {
  /** The open store for `path`; the pool closes it, never the caller. */
  use<T extends Closable>(path: string, open: () => T): T;
  closeAll(): Promise<void>;
}

/** How long a replaced connection stays open, for events that were still using it. */
const RETIRE_AFTER_MS = 60_000;

const identity = (path: string) => {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.dev}:${stat.ino}` : undefined;
};

const closeQuietly = (store: Closable) =>
  Promise.resolve()
    .then(() => store.close())
    .catch(() => {});

export function createStorePool(): StorePool {
  const open = new Map<string, { store: Closable; file: string | undefined }>();
  return {
    use<T extends Closable>(path: string, opener: () => T): T {
      const held = open.get(path);
      if (held && held.file !== undefined && held.file === identity(path)) return held.store as T;
      if (held) setTimeout(() => closeQuietly(held.store), RETIRE_AFTER_MS).unref();
      const store = opener();
      open.set(path, { store, file: identity(path) });
      return store;
    },
    async closeAll() {
      const stores = [...open.values()].map((held) => held.store);
      open.clear();
      await Promise.all(stores.map(closeQuietly));
    },
  };
}

/** `fn` with the store at `path`: the daemon's pooled one, or one opened for it and closed after. */
export async function withStore<T extends Closable, R>(
  ctx: HookContext,
  path: string,
  open: () => T,
  fn: (store: T) => R | Promise<R>,
): Promise<R> {
  if (ctx.pool) return fn(ctx.pool.use(path, open));
  const store = open();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
