import { GATE_PLANS, type GateName, RISK_LEVELS } from "@vextrus/risk";
import { VextrusOrchestratorError } from "../errors.js";
import type { AgentGate, CommandGate, Gate, GateLevel } from "./gate.js";

export type PackageManager = "pnpm" | "npm" | "yarn" | "bun";

/** Lockfile name → the package manager that writes it, most specific first. */
export const LOCKFILES: Readonly<Record<string, PackageManager>> = Object.freeze({
  "pnpm-lock.yaml": "pnpm",
  "bun.lock": "bun",
  "bun.lockb": "bun",
  "yarn.lock": "yarn",
  "package-lock.json": "npm",
  "npm-shrinkwrap.json": "npm",
});

const MANAGERS: readonly PackageManager[] = ["pnpm", "npm", "yarn", "bun"];

/**
 * The package manager of a project from the file names at its root (e.g. `readdirSync(root)`), or `undefined`
 * when none of them is a lockfile. A repository that holds several (a migration half done) gets the first in
 * `LOCKFILES` order.
 */
export function packageManagerFromLockfiles(fileNames: readonly string[]): PackageManager | undefined {
  const names = new Set(fileNames);
  const lockfile = Object.keys(LOCKFILES).find((name) => names.has(name));
  return lockfile === undefined ? undefined : LOCKFILES[lockfile];
}

/**
 * Half an hour: long enough for a full test run of a large repository, short enough that a watcher started
 * by mistake (`vitest` without `run`) cannot hold a session forever.
 */
export const DEFAULT_GATE_TIMEOUT_SECONDS = 1800;

/** The package.json script behind each tool gate. */
export const SCRIPT_GATES: readonly { gate: GateName; script: string }[] = [
  { gate: "build", script: "build" },
  { gate: "lint", script: "lint" },
  { gate: "tests", script: "test" },
];

const AGENT_PROMPTS: Readonly<Partial<Record<GateName, string>>> = {
  review: "Review this change for correctness, readability and missing tests. List blocking problems first.",
  "security-scan":
    "Scan this change for injection, secrets, unsafe deserialization and vulnerable dependencies.",
  "kieran-reviewer": "Review this change with a very high bar for naming, simplicity and conventions.",
  "performance-oracle":
    "Find performance problems in this change: complexity, N+1 queries, memory, blocking I/O.",
  "security-sentinel": "Audit this change for authentication, authorization and data exposure flaws.",
  "data-integrity-guardian":
    "Check this change for data integrity risks: migrations, transactions, constraints.",
  "architecture-strategist":
    "Assess how this change fits the architecture: boundaries, coupling, dependencies.",
};

// `npm init`'s placeholder fails on purpose; treating it as a test suite would fail every change.
const NPM_PLACEHOLDER_TEST = /no test specified/;

export interface DefaultGatesInput {
  /** A package manager, or the name of the lockfile found (`"pnpm-lock.yaml"`). */
  packageManager: PackageManager | string;
  /** `package.json` scripts; only those present become gates. */
  scripts?: Readonly<Record<string, string>>;
}

/**
 * The seed's gates for a project: build, lint and tests from its package.json scripts, run through its package
 * manager, and the reviewer agents. Each gate's level is the lowest risk level whose plan in `@vextrus/risk`
 * (`GATE_PLANS`) lists it, so routing here and there cannot drift apart. Pure: the caller reads the files.
 */
export function defaultGates(input: DefaultGatesInput): Gate[] {
  const manager = resolveManager(input.packageManager);
  const scripts = input.scripts ?? {};
  const gates: Gate[] = [];
  for (const { gate, script } of SCRIPT_GATES) {
    const body = scripts[script];
    if (typeof body !== "string" || body.trim() === "") continue;
    if (script === "test" && NPM_PLACEHOLDER_TEST.test(body)) continue;
    const command: CommandGate = {
      name: gate,
      kind: "command",
      level: levelOf(gate),
      command: [manager, "run", script],
      timeout_seconds: DEFAULT_GATE_TIMEOUT_SECONDS,
    };
    gates.push(command);
  }
  for (const [gate, prompt] of Object.entries(AGENT_PROMPTS) as [GateName, string][]) {
    const agent: AgentGate = {
      name: gate,
      kind: "agent",
      level: levelOf(gate),
      agent: { type: gate, prompt },
      timeout_seconds: DEFAULT_GATE_TIMEOUT_SECONDS,
    };
    gates.push(agent);
  }
  return gates;
}

function levelOf(gate: GateName): GateLevel {
  const level = RISK_LEVELS.find((candidate) => GATE_PLANS[candidate].gates.includes(gate));
  // Every GateName is in the comprehensive plan; this only guards a future edit of @vextrus/risk.
  return level ?? "comprehensive";
}

function resolveManager(value: string): PackageManager {
  if ((MANAGERS as readonly string[]).includes(value)) return value as PackageManager;
  if (Object.hasOwn(LOCKFILES, value)) return LOCKFILES[value] as PackageManager;
  throw new VextrusOrchestratorError(
    "CONFIG_INVALID",
    `packageManager: expected "pnpm", "npm", "yarn", "bun" or a lockfile name (${Object.keys(LOCKFILES).join(", ")}), got ${JSON.stringify(value)}`,
  );
}
