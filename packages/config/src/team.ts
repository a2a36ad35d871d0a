import { hashedLabel, ledgerUrlProblem } from "@vextrus/team";
import { problemLine } from "./format.js";
import { isBlock } from "./settings.js";

/** When the hooks push to the team ledger on their own: never (run `vextrus sync`), or at each session's end. */
export const TEAM_SYNC_ON = Object.freeze(["manual", "session_end"] as const);
export type TeamSyncOn = (typeof TEAM_SYNC_ON)[number];

export interface TeamSettings {
  /** `postgres://user@host:port/db`, without a password; undefined: no team ledger. */
  ledger_url: string | undefined;
  sync_on: TeamSyncOn;
  monthly_budget_usd: number | undefined;
  /** Labels on every request this machine pushes; undefined: a hash of the login and host names. */
  user: string | undefined;
  machine: string | undefined;
}

export const DEFAULT_TEAM: Readonly<TeamSettings> = Object.freeze({
  ledger_url: undefined,
  sync_on: "manual",
  monthly_budget_usd: undefined,
  user: undefined,
  machine: undefined,
});

const LABEL = /^[\w.@-]{1,64}$/;

/**
 * `optimization.team`, read without zod. Each problem is one line naming the path and the fix; a bad value falls
 * back to its default. A ledger URL holding a password is refused: settings files live in the repository.
 */
export function readTeamSettings(
  input: unknown,
  path = "optimization.team",
): { settings: TeamSettings; errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const settings: TeamSettings = { ...DEFAULT_TEAM };
  if (input === undefined) return { settings, errors, warnings };
  if (!isBlock(input)) {
    errors.push(
      problemLine(path, 'an object such as { "ledger_url": "postgres://me@db.example/vextrus" }', input),
    );
    return { settings, errors, warnings };
  }
  for (const [key, value] of Object.entries(input)) {
    const at = `${path}.${key}`;
    switch (key) {
      case "ledger_url": {
        if (typeof value !== "string") {
          errors.push(
            problemLine(at, "a postgres:// URL such as postgres://me@db.example:5432/vextrus", value),
          );
          break;
        }
        const problem = ledgerUrlProblem(value, "settings");
        if (problem) errors.push(`${at}: ${problem}`);
        else settings.ledger_url = value;
        break;
      }
      case "sync_on":
        if (typeof value === "string" && (TEAM_SYNC_ON as readonly string[]).includes(value)) {
          settings.sync_on = value as TeamSyncOn;
        } else errors.push(problemLine(at, `one of ${TEAM_SYNC_ON.join(", ")}`, value));
        break;
      case "monthly_budget_usd":
        if (typeof value === "number" && Number.isFinite(value) && value > 0)
          settings.monthly_budget_usd = value;
        else errors.push(problemLine(at, "a positive number", value));
        break;
      case "user":
      case "machine":
        if (typeof value === "string" && LABEL.test(value)) settings[key] = value;
        else errors.push(problemLine(at, "a name of 1-64 letters, digits, '.', '_', '-' or '@'", value));
        break;
      default:
        warnings.push(`${at}: unknown setting, ignored`);
    }
  }
  return { settings, errors, warnings };
}

export interface TeamTarget {
  url: string;
  /** Where the URL came from, for messages. */
  from: "VEXTRUS_LEDGER" | "optimization.team.ledger_url";
  user: string;
  machine: string;
}

/**
 * The ledger to use and this machine's labels: `VEXTRUS_LEDGER` wins over the setting (a password there is the
 * environment's, so it is allowed); undefined when neither names one.
 */
export function resolveTeamTarget(
  settings: TeamSettings,
  inputs: { env: Record<string, string | undefined>; userName: string; hostName: string },
): TeamTarget | undefined {
  const fromEnv = inputs.env.VEXTRUS_LEDGER?.trim();
  const url = fromEnv || settings.ledger_url;
  if (!url) return undefined;
  return {
    url,
    from: fromEnv ? "VEXTRUS_LEDGER" : "optimization.team.ledger_url",
    user: settings.user ?? hashedLabel("user", inputs.userName),
    machine: settings.machine ?? hashedLabel("machine", inputs.hostName),
  };
}
