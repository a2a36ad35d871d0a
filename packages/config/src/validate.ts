import { CACHE_CONFIG_KEYS, parseCacheConfig } from "@vextrus/cache/config";
import { complexityConfigSchema, parseComplexityRules } from "@vextrus/complexity";
import { costConfigSchema, parseCostConfig } from "@vextrus/cost/config";
import { isVextrusError } from "@vextrus/errors";
import { parseQualityConfig, qualityConfigSchema } from "@vextrus/risk";
import { problemLine } from "./format.js";
import { isBlock } from "./settings.js";
import { readStatuslineSettings } from "./statusline.js";
import { SWITCH_DEFAULTS } from "./switches.js";
import { readTeamSettings } from "./team.js";

export interface Validation {
  errors: string[];
  /** Unknown keys (typos, newer versions): reported, not fatal. */
  warnings: string[];
}

/** The latency keys that are the cache's (parseCacheConfig reads them; the switches are checked here). */
const CACHE_KEYS = CACHE_CONFIG_KEYS;

/**
 * A block of switches: each known key must be true or false, unknown keys are warnings unless `otherKeys` owns
 * them (the libraries have zod; switches need none).
 */
function checkSwitches(
  input: unknown,
  switches: Readonly<Record<string, boolean>>,
  path: string,
  otherKeys: readonly string[] = [],
): Validation {
  const out: Validation = { errors: [], warnings: [] };
  if (input === undefined) return out;
  if (!isBlock(input)) {
    out.errors.push(problemLine(path, `an object such as { "${Object.keys(switches)[0]}": true }`, input));
    return out;
  }
  for (const [key, value] of Object.entries(input)) {
    if (Object.hasOwn(switches, key)) {
      if (typeof value !== "boolean") out.errors.push(problemLine(`${path}.${key}`, "true or false", value));
    } else if (!otherKeys.includes(key)) {
      out.warnings.push(`${path}.${key}: unknown setting, ignored`);
    }
  }
  return out;
}

/** Turns a library's typed error (problems joined by "; ") into one line per problem. */
function errorLines(error: unknown, path: string): string[] {
  if (!isVextrusError(error)) throw error;
  const message = error.detail;
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return message.split(new RegExp(`; (?=${escaped}\\b)`));
}

function unknownKeys(input: unknown, known: readonly string[], path: string): string[] {
  if (!isBlock(input)) return [];
  return Object.keys(input)
    .filter((key) => !known.includes(key))
    .map((key) => `${path}.${key}: unknown setting, ignored`);
}

/**
 * Runs a library parser. It reports unknown keys only when the block is otherwise valid, so on an error the
 * top-level unknown keys are found here from the schema's own key list.
 */
function run(
  fn: () => { warnings: readonly string[] },
  input: unknown,
  known: readonly string[],
  path: string,
): Validation {
  try {
    return { errors: [], warnings: [...fn().warnings] };
  } catch (error) {
    return { errors: errorLines(error, path), warnings: unknownKeys(input, known, path) };
  }
}

const COST_KEYS = Object.keys(costConfigSchema.shape);
const QUALITY_KEYS = Object.keys(qualityConfigSchema.shape);
const COMPLEXITY_KEYS = Object.keys(complexityConfigSchema.shape);

const SECTIONS: Record<string, (input: unknown, path: string) => Validation> = {
  cost: (input, path) => run(() => parseCostConfig(input, path), input, COST_KEYS, path),
  latency: (input, path) => {
    let errors: string[] = [];
    try {
      parseCacheConfig(input, path);
    } catch (error) {
      errors = errorLines(error, path);
    }
    const switches = checkSwitches(input, SWITCH_DEFAULTS.latency, path, CACHE_KEYS);
    return { errors: [...errors, ...switches.errors], warnings: switches.warnings };
  },
  coordination: (input, path) => checkSwitches(input, SWITCH_DEFAULTS.coordination, path),
  quality: (input, path) => run(() => parseQualityConfig(input, path), input, QUALITY_KEYS, path),
  monitoring: (input, path) => checkSwitches(input, SWITCH_DEFAULTS.monitoring, path),
  complexity: (input, path) => run(() => parseComplexityRules(input, path), input, COMPLEXITY_KEYS, path),
  statusline: (input, path) => {
    const { errors, warnings } = readStatuslineSettings(input, path);
    return { errors, warnings };
  },
  team: (input, path) => {
    const { errors, warnings } = readTeamSettings(input, path);
    return { errors, warnings };
  },
};

/** The full check of an `optimization` block: every section through its own parser. */
export function validateOptimization(block: unknown, path = "optimization"): Validation {
  const out: Validation = { errors: [], warnings: [] };
  if (block === undefined) return out;
  if (!isBlock(block)) {
    out.errors.push(problemLine(path, 'an object such as { "cost": { "monthly_budget_usd": 500 } }', block));
    return out;
  }
  for (const [section, value] of Object.entries(block)) {
    const check = SECTIONS[section];
    if (!check) {
      out.warnings.push(
        `${path}.${section}: unknown section, ignored (known: ${Object.keys(SECTIONS).join(", ")})`,
      );
      continue;
    }
    const result = check(value, `${path}.${section}`);
    out.errors.push(...result.errors);
    out.warnings.push(...result.warnings);
  }
  return out;
}
