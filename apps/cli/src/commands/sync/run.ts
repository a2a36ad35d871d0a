import { openUserLedger } from "@vextrus/config/ledger";
import {
  type CostConfig,
  claudeProjectFolderName,
  createPriceBook,
  DEFAULT_COST_CONFIG,
  type PriceBook,
} from "@vextrus/cost";
import { claudeProjectDirs, ingestClaudeTranscripts } from "@vextrus/cost/node";
import { openSqliteSavingsStore } from "@vextrus/metrics/node";
import { sync } from "@vextrus/team";
import {
  type CliContext,
  existingStateFile,
  findProject,
  ledgerLocation,
  readOptimization,
} from "../../context.js";
import { openLedger, printableUrl, teamTarget } from "./target.js";

export interface SyncOptions {
  json?: boolean;
}

/** The price book of this project's settings, as `vextrus cost` prices: the team total equals the local one. */
export async function priceBook(ctx: CliContext): Promise<PriceBook> {
  const block = readOptimization(ctx).cost;
  let config: CostConfig = DEFAULT_COST_CONFIG;
  if (block !== undefined) {
    const { parseCostConfig } = await import("@vextrus/cost/config");
    config = parseCostConfig(block).config;
  }
  return createPriceBook({ overrides: config.prices });
}

/**
 * Reads new transcripts into this machine's ledger, then pushes what the team ledger lacks. The server is asked
 * first (login, schema), so a wrong password or an unreachable server stops before anything local changes.
 */
export async function runSync(ctx: CliContext, options: SyncOptions): Promise<number> {
  const target = teamTarget(ctx);
  const book = await priceBook(ctx);
  const ledger = openLedger(ctx, target);
  try {
    await ledger.migrate();
    const local = openUserLedger(ledgerLocation(ctx));
    try {
      const projectDirs = claudeProjectDirs(ctx.env, ctx.home);
      if (projectDirs.length > 0) await ingestClaudeTranscripts({ projectDirs, store: local });
      // This project's realised savings go too (they are kept per project, beside its runs).
      const root = findProject(ctx);
      const metrics = existingStateFile(ctx, "metrics");
      const savingsStore = metrics === undefined ? undefined : openSqliteSavingsStore(metrics);
      let result: Awaited<ReturnType<typeof sync>>;
      try {
        result = await sync(local, ledger, {
          labels: target,
          book,
          ...(savingsStore &&
            root !== undefined && {
              savings: {
                project: claudeProjectFolderName(root),
                read: (from) => savingsStore.savings(from === undefined ? {} : { from }),
              },
            }),
        });
      } finally {
        savingsStore?.close();
      }
      const where = printableUrl(target);
      if (options.json) {
        ctx.stdout(
          `${JSON.stringify({ ledger: where, user: target.user, machine: target.machine, ...result }, null, 2)}\n`,
        );
      } else {
        const runs = result.agentRuns;
        const runsLine =
          (runs.sent === 0 ? "" : ` Subagent runs: ${runs.sent} sent, ${runs.changed} new or changed.`) +
          (result.savings.sent === 0
            ? ""
            : ` Savings of this project: ${result.savings.sent} sent, ${result.savings.changed} new or changed.`);
        ctx.stdout(
          result.sent === 0
            ? `Team ledger ${where} already has every request of this machine (${target.machine}).${runsLine}\n`
            : `Sent ${result.sent} request(s) to ${where} as ${target.user} on ${target.machine}: ${result.changed} new or grown, the rest already there.${runsLine}\n`,
        );
      }
      return 0;
    } finally {
      local.close();
    }
  } finally {
    await ledger.close();
  }
}
