import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CacheConfig } from "@vextrus/cache";
import type { ComplexityConfig } from "@vextrus/complexity";
import {
  type Block,
  type FlagSection,
  type Flags,
  isBlock,
  onlyFlags,
  readFlag,
  readProjectSettings,
  SETTINGS_NAMES,
  STATE_FILES,
  settingsPath,
} from "@vextrus/config";
import { nodeFs } from "@vextrus/config/node";
import { type CostConfig, createPriceBook, DEFAULT_COST_CONFIG, type PriceBook } from "@vextrus/cost";
import { userMessage } from "@vextrus/errors";
import type { HookContext } from "./context.js";
import { writeJsonAtomic } from "./write-json.js";

export type { FlagSection } from "@vextrus/config";

export interface HookSettings {
  flag<S extends FlagSection>(section: S, key: keyof Flags[S] & string): boolean;
  cost(): Promise<CostConfig>;
  /** The price table with `optimization.cost.prices` applied, built once per process. */
  priceBook(): Promise<PriceBook>;
  cache(): Promise<CacheConfig>;
  /** `optimization.complexity`, or undefined for the library's defaults. */
  complexity(): Promise<ComplexityConfig | undefined>;
}

/** A section's validated value and what was wrong with it, as remembered between hook processes. */
interface Validated<T> {
  value: T;
  problems: string[];
}

interface ValidatedMemo {
  fingerprint: string;
  sections: Record<string, Validated<unknown>>;
}

/**
 * Where validated sections are remembered: zod (~10 ms of start-up) then runs once per settings change instead of
 * on every event. `fingerprint` names what the values were computed from (see settingsFingerprint).
 */
export interface SettingsMemo {
  path: string;
  fingerprint: string;
}

/**
 * Identity of the settings files and of this build: a changed file or an upgraded Vextrus (whose defaults or
 * rules may differ) makes every remembered section stale.
 */
export function settingsFingerprint(projectRoot: string): string {
  const files = [
    ...SETTINGS_NAMES.map((name) => settingsPath(projectRoot, name)),
    fileURLToPath(import.meta.url),
  ];
  return files
    .map((f) => {
      const st = statSync(f, { throwIfNoEntry: false });
      return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : "-";
    })
    .join("|");
}

function readMemo(memo: SettingsMemo | undefined): ValidatedMemo["sections"] {
  if (!memo) return {};
  try {
    const data = JSON.parse(readFileSync(memo.path, "utf8")) as ValidatedMemo;
    return data.fingerprint === memo.fingerprint && isBlock(data.sections) ? data.sections : {};
  } catch {
    return {};
  }
}

function writeMemo(memo: SettingsMemo, sections: ValidatedMemo["sections"]): void {
  try {
    writeJsonAtomic(memo.path, { fingerprint: memo.fingerprint, sections });
  } catch {
    // Only a speed-up: the next event validates again.
  }
}

/**
 * Settings as the hooks use them. A bad value falls back to its default and is reported, naming the path
 * (`optimization.cost.monthly_budget_usd: expected a positive number`): a broken setting must not stop a session.
 */
export function createHookSettings(
  optimization: Block,
  note: (message: string) => void,
  memo?: SettingsMemo,
): HookSettings {
  const section = (name: string): Block | undefined => {
    const value = optimization[name];
    if (value === undefined) return undefined;
    if (isBlock(value)) return value;
    note(`optimization.${name}: expected an object; using the defaults`);
    optimization[name] = {};
    return undefined;
  };
  const reported = new Set<string>();
  const problem = (message: string) => {
    if (reported.has(message)) return;
    reported.add(message);
    note(`${message}; using the default (see \`vextrus config validate\`)`);
  };
  let remembered: ValidatedMemo["sections"] | undefined;
  const running = new Map<string, Promise<unknown>>();
  /** A section through zod, or from the memo when the same files were validated before. */
  const validated = <T>(name: string, parse: () => Promise<Validated<T>>): Promise<T> => {
    if (!running.has(name))
      running.set(
        name,
        (async () => {
          remembered ??= readMemo(memo);
          let result = remembered[name] as Validated<T> | undefined;
          if (!result) {
            result = await parse();
            remembered[name] = result;
            if (memo) writeMemo(memo, remembered);
          }
          for (const p of result.problems) problem(p);
          return result.value;
        })(),
      );
    return running.get(name) as Promise<T>;
  };
  let book: Promise<PriceBook> | undefined;
  const settings: HookSettings = {
    flag(name, key) {
      section(name); // a section that is not an object is reported once and read as its defaults
      return readFlag(optimization, name, key, problem);
    },
    async cost() {
      const block = section("cost");
      if (block === undefined || onlyFlags("cost", block)) return { ...DEFAULT_COST_CONFIG, ...block };
      return validated<CostConfig>("cost", async () => {
        const { parseCostConfig } = await import("@vextrus/cost/config");
        try {
          return { value: parseCostConfig(block).config, problems: [] };
        } catch (error) {
          return { value: DEFAULT_COST_CONFIG, problems: [userMessage(error)] };
        }
      });
    },
    priceBook() {
      book ??= settings.cost().then((config) => createPriceBook({ overrides: config.prices }));
      return book;
    },
    async cache() {
      // Imported here: @vextrus/cache brings keyv (~7 ms to load), which only the agent events need.
      const { DEFAULT_CACHE_CONFIG } = await import("@vextrus/cache");
      const block = section("latency");
      if (block === undefined || onlyFlags("latency", block))
        return { ...DEFAULT_CACHE_CONFIG, enabled: block?.agent_caching_enabled !== false };
      return validated<CacheConfig>("cache", async () => {
        const { parseCacheConfig } = await import("@vextrus/cache/config");
        try {
          return { value: parseCacheConfig(block), problems: [] };
        } catch (error) {
          return { value: DEFAULT_CACHE_CONFIG, problems: [userMessage(error)] };
        }
      });
    },
    async complexity() {
      const block = section("complexity");
      if (block === undefined) return undefined;
      return validated<ComplexityConfig | undefined>("complexity", async () => {
        const { parseComplexityRules } = await import("@vextrus/complexity");
        try {
          return { value: parseComplexityRules(block).config, problems: [] };
        } catch (error) {
          return { value: undefined, problems: [userMessage(error)] };
        }
      });
    },
  };
  return settings;
}

/** The settings of the event's project, with validated sections remembered in the state folder. */
export function loadHookSettings(ctx: HookContext): HookSettings {
  let fingerprint: string | undefined;
  const { optimization } = readProjectSettings({
    fs: nodeFs,
    projectRoot: ctx.projectRoot,
    mode: "lenient",
    note: ctx.note,
  });
  return createHookSettings(optimization, ctx.note, {
    path: join(ctx.stateDir, STATE_FILES.settingsMemo),
    // Only an event that needs a validated section pays for the three stats.
    get fingerprint() {
      fingerprint ??= settingsFingerprint(ctx.projectRoot);
      return fingerprint;
    },
  });
}
