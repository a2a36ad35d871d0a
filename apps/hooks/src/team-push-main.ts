import { existsSync } from "node:fs";
import { join } from "node:path";
import { readProjectSettings, STATE_FILES } from "@vextrus/config";
import { nodeFs } from "@vextrus/config/node";
import { claudeProjectFolderName } from "@vextrus/cost";
import { sync } from "@vextrus/team";
import { openTeamLedger, readPgpassFile } from "@vextrus/team/node";
import { appendHookLog } from "./log.js";
import { createHookSettings } from "./settings.js";
import type { TeamPushJob } from "./team-push.js";

const EVENT = "SessionEnd team push";

/**
 * The detached push the SessionEnd hook starts (team-push.ts): the user's cost ledger to the team ledger, priced
 * with the project's price book as `vextrus sync` prices. Nobody reads its output, so what goes wrong goes to the
 * project's hooks.log; the next push sends what this one did not.
 */
async function push(job: TeamPushJob): Promise<void> {
  const notes: string[] = [];
  const { optimization } = readProjectSettings({
    fs: nodeFs,
    projectRoot: job.projectRoot,
    mode: "lenient",
    note: (m) => notes.push(m),
  });
  const book = await createHookSettings(optimization, (m) => notes.push(m)).priceBook();
  const { text: pgpass, warning } = readPgpassFile(process.env, job.home);
  if (warning) notes.push(warning);
  const ledger = openTeamLedger(job.url, { env: process.env, ...(pgpass !== undefined && { pgpass }) });
  try {
    await ledger.migrate();
    const { openUserLedger } = await import("@vextrus/config/ledger");
    const local = openUserLedger({ userLedger: job.ledger });
    // The project's realised savings go too (kept per project, beside its runs).
    const metrics = join(job.stateDir, STATE_FILES.metrics);
    const { openSqliteSavingsStore } = await import("@vextrus/metrics/node");
    const savingsStore = existsSync(metrics) ? openSqliteSavingsStore(metrics) : undefined;
    try {
      await sync(local, ledger, {
        labels: { user: job.user, machine: job.machine },
        book,
        ...(savingsStore && {
          savings: {
            project: claudeProjectFolderName(job.projectRoot),
            read: (from) => savingsStore.savings(from === undefined ? {} : { from }),
          },
        }),
      });
    } finally {
      savingsStore?.close();
      local.close();
    }
  } finally {
    await ledger.close();
    if (notes.length > 0) appendHookLog(job.stateDir, new Date(), EVENT, notes.join("\n"));
  }
}

let job: TeamPushJob | undefined;
try {
  job = JSON.parse(process.argv[2] ?? "") as TeamPushJob;
  await push(job);
} catch (error) {
  const err = error as Error;
  if (job?.stateDir) appendHookLog(job.stateDir, new Date(), EVENT, err?.message ?? String(error));
  process.exitCode = 1;
}
