import type { UsageStore } from "@vextrus/cost";
import type { HookContext } from "./context.js";
import { withStore } from "./store-pool.js";

/**
 * Runs `fn` on the user's cost ledger. A ledger an older Vextrus kept in this project's state folder is folded in
 * first, once (one stat when there is none); the person hears about it in one note.
 */
export async function withLedger<R>(ctx: HookContext, fn: (store: UsageStore) => R | Promise<R>): Promise<R> {
  const { migrateProjectLedger, openUserLedger } = await import("@vextrus/config/ledger");
  const moved = migrateProjectLedger({ projectStateDir: ctx.stateDir, userLedger: ctx.ledger });
  if (moved) ctx.note(`moved this project's cost history (${moved.records} requests) into ${moved.to}`);
  return withStore(ctx, ctx.ledger, () => openUserLedger({ userLedger: ctx.ledger }), fn);
}
