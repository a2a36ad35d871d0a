import { hostname, userInfo } from "node:os";
import { readTeamSettings, resolveTeamTarget, type TeamSettings, type TeamTarget } from "@vextrus/config";
import { displayUrl, ledgerUrlProblem, type TeamLedger } from "@vextrus/team";
import { openTeamLedger, readPgpassFile } from "@vextrus/team/node";
import { type CliContext, CliError, readOptimization } from "../../context.js";

/** `optimization.team` as set for this project; a bad value stops the command with one line per problem. */
export function teamSettings(ctx: CliContext): TeamSettings {
  const read = readTeamSettings(readOptimization(ctx).team);
  for (const warning of read.warnings) ctx.stderr(`warning: ${warning}\n`);
  if (read.errors.length > 0) throw new CliError(read.errors.join("\n"));
  return read.settings;
}

function loginName(ctx: CliContext): string {
  try {
    return userInfo().username;
  } catch {
    return ctx.env.USER ?? ctx.env.LOGNAME ?? "unknown";
  }
}

/** The team ledger to use and this machine's labels, or a CliError saying how to name one. */
export function teamTarget(ctx: CliContext, settings = teamSettings(ctx)): TeamTarget {
  const target = resolveTeamTarget(settings, {
    env: ctx.env,
    userName: loginName(ctx),
    hostName: hostname(),
  });
  if (!target)
    throw new CliError(
      "no team ledger: set optimization.team.ledger_url in .claude/settings.json (postgres://user@host:5432/db) or VEXTRUS_LEDGER",
    );
  const problem = ledgerUrlProblem(target.url, "environment");
  if (problem) throw new CliError(`${target.from}: ${problem}`);
  return target;
}

export function openLedger(ctx: CliContext, target: TeamTarget): TeamLedger {
  const { text: pgpass, warning } = readPgpassFile(ctx.env, ctx.home);
  if (warning) ctx.stderr(`warning: ${warning}\n`);
  return openTeamLedger(target.url, { env: ctx.env, ...(pgpass !== undefined && { pgpass }) });
}

export const printableUrl = (target: TeamTarget) => displayUrl(target.url);
