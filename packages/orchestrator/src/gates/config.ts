import { fieldPath, formatIssues } from "@vextrus/errors";
import { RISK_LEVELS } from "@vextrus/risk";
import * as z from "zod";
import { type OrchestratorErrorCode, VextrusOrchestratorError } from "../errors.js";
import type { Gate, GateLevel } from "./gate.js";

export const ARGV_EXPECTED =
  'expected an argv array such as ["pnpm", "test"]: commands never go through a shell';
const LEVEL = 'expected "minimal", "standard", "thorough" or "comprehensive"';
const TIMEOUT = "expected a positive number of seconds, at most 2147483 (about 24 days)";
const TEXT = "expected a non-empty string";

const text = z.string({ error: TEXT }).min(1, { error: TEXT });

// An empty argument is legitimate (`--message ""`); an empty program is not.
const argv = z
  .array(z.string({ error: ARGV_EXPECTED }), { error: ARGV_EXPECTED })
  .min(1, { error: ARGV_EXPECTED })
  .refine((args) => args[0] !== "", { error: "expected the program to run as the first element", path: [0] });

const agentSpec = z.object(
  { type: text, prompt: text, model: text.optional() },
  { error: 'expected an object such as { "type": "security-sentinel", "prompt": "Review …" }' },
);

const levels = RISK_LEVELS as [GateLevel, ...GateLevel[]];

/** One entry of `optimization.quality.gates`: what the config says, before the name and kind are settled. */
export const gateEntrySchema = z
  .object(
    {
      kind: z.enum(["command", "agent"], { error: 'expected "command" or "agent"' }).optional(),
      command: argv.optional(),
      cwd: text.optional(),
      env: z
        .record(z.string(), z.string({ error: "expected a string value" }), {
          error: 'expected an object of variable → value, e.g. { "CI": "1" }',
        })
        .optional(),
      // setTimeout's limit: past it Node fires the timer at once.
      timeout_seconds: z
        .number({ error: TIMEOUT })
        .positive({ error: TIMEOUT })
        .max(2_147_483, { error: TIMEOUT })
        .optional(),
      level: z.enum(levels, { error: LEVEL }),
      agent: agentSpec.optional(),
    },
    { error: 'expected an object such as { "command": ["pnpm", "test"], "level": "minimal" }' },
  )
  .superRefine((entry, ctx) => {
    const kind = kindOf(entry);
    if (kind === "command" && entry.command === undefined) {
      ctx.addIssue({ code: "custom", path: ["command"], message: ARGV_EXPECTED });
    }
    if (kind === "command" && entry.agent !== undefined) {
      ctx.addIssue({ code: "custom", path: ["agent"], message: 'only gates of kind "agent" take an agent' });
    }
    if (kind === "agent" && entry.agent === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["agent"],
        message: 'expected an object such as { "type": "security-sentinel", "prompt": "Review …" }',
      });
    }
    if (kind === "agent" && entry.command !== undefined) {
      ctx.addIssue({ code: "custom", path: ["command"], message: "agent gates run no command" });
    }
  });

type GateEntry = z.output<typeof gateEntrySchema>;

// An entry with an agent and no command can only mean an agent gate; anything else defaults to a command.
function kindOf(entry: Pick<GateEntry, "kind" | "agent" | "command">): Gate["kind"] {
  return entry.kind ?? (entry.agent !== undefined && entry.command === undefined ? "agent" : "command");
}

export const gatesConfigSchema = z.record(z.string(), gateEntrySchema, {
  error:
    'expected an object of gate name → gate, e.g. { "lint": { "command": ["pnpm", "lint"], "level": "minimal" } }',
});

export interface ParsedGatesConfig {
  /** In the config's order. */
  gates: Gate[];
  /** Keys that are not ours (typos, newer versions): reported, not fatal. */
  warnings: string[];
}

const ENTRY_KEYS = Object.keys(gateEntrySchema.shape);
const AGENT_KEYS = Object.keys(agentSpec.shape);

/**
 * Validates the gates block; errors name the full path and what is expected, e.g.
 * `optimization.quality.gates.lint.timeout_seconds: expected a positive number of seconds…`.
 */
export function parseGatesConfig(input: unknown, path = "optimization.quality.gates"): ParsedGatesConfig {
  const entries = parse(gatesConfigSchema, input ?? {}, path, "CONFIG_INVALID");
  const warnings: string[] = [];
  const gates: Gate[] = [];
  for (const [name, entry] of Object.entries(entries)) {
    const raw = (input as Record<string, unknown>)[name];
    warnings.push(...unknownKeys(raw, ENTRY_KEYS, `${path}.${name}`));
    warnings.push(...unknownKeys((raw as { agent?: unknown }).agent, AGENT_KEYS, `${path}.${name}.agent`));
    if (name.trim() === "") {
      throw new VextrusOrchestratorError("CONFIG_INVALID", `${path}: a gate needs a non-empty name`);
    }
    gates.push(toGate(name, entry));
  }
  return { gates, warnings };
}

/**
 * Checks gates built in code (or read without `parseGatesConfig`) before anything runs: a string command or a
 * duplicate name fails here, naming the gate, rather than half-way through a run.
 */
export function validateGates(gates: readonly Gate[], path = "gates"): void {
  if (!Array.isArray(gates)) {
    throw new VextrusOrchestratorError("GATE_INVALID", `${path}: expected an array of gates`);
  }
  const seen = new Set<string>();
  gates.forEach((gate, index) => {
    const name: unknown = gate?.name;
    if (typeof name !== "string" || name.trim() === "") {
      throw new VextrusOrchestratorError("GATE_INVALID", `${fieldPath(path, [index, "name"])}: ${TEXT}`);
    }
    if (seen.has(name)) {
      throw new VextrusOrchestratorError("GATE_INVALID", `${path}.${name}: two gates have this name`);
    }
    seen.add(name);
    const { name: _, ...entry } = gate;
    parse(gateEntrySchema, entry, `${path}.${name}`, "GATE_INVALID");
  });
}

function toGate(name: string, entry: GateEntry): Gate {
  const common = {
    name,
    level: entry.level,
    ...(entry.timeout_seconds === undefined ? {} : { timeout_seconds: entry.timeout_seconds }),
  };
  if (kindOf(entry) === "agent" && entry.agent !== undefined) {
    const { type, prompt, model } = entry.agent;
    return { ...common, kind: "agent", agent: { type, prompt, ...(model === undefined ? {} : { model }) } };
  }
  return {
    ...common,
    kind: "command",
    command: entry.command ?? [],
    ...(entry.cwd === undefined ? {} : { cwd: entry.cwd }),
    ...(entry.env === undefined ? {} : { env: entry.env }),
  };
}

function parse<T>(schema: z.ZodType<T>, input: unknown, path: string, code: OrchestratorErrorCode): T {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new VextrusOrchestratorError(code, formatIssues(result.error.issues, path).join("; "));
}

function unknownKeys(input: unknown, known: readonly string[], path: string): string[] {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return [];
  return Object.keys(input)
    .filter((key) => !known.includes(key))
    .map((key) => `${path}.${key}: unknown setting, ignored`);
}
