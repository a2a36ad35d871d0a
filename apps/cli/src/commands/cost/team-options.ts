import type { Command } from "commander";

/** What `--team` adds to a cost command: read the team ledger instead of this machine's, filtered by who and where. */
export interface TeamOptions {
  team?: boolean;
  user?: string;
  machine?: string;
}

const TEAM_COMMANDS = new Set([
  "cost",
  "daily",
  "weekly",
  "monthly",
  "session",
  "project",
  "models",
  "agents",
  "budget",
]);

/** The team options of every cost report and the budget; their code loads only when `--team` is given. */
export function withTeamOptions(cmd: Command): Command {
  return cmd
    .hook("preAction", (command) => {
      // Commands whose figures the team ledger cannot give (5-hour blocks need each request's time) say so.
      if (wantsTeam(command.opts()) && !TEAM_COMMANDS.has(command.name()))
        command.error(`error: --team is not available for \`cost ${command.name()}\``, { exitCode: 1 });
    })
    .option(
      "--team",
      "the team ledger in PostgreSQL (optimization.team.ledger_url or VEXTRUS_LEDGER), summed by the server",
    )
    .option(
      "--user <label>",
      "with --team: only this user's requests (its label: optimization.team.user or the hash)",
    )
    .option("--machine <label>", "with --team: only this machine's requests");
}

export const wantsTeam = (options: object): boolean => (options as TeamOptions).team === true;
