import type { CliContext } from "../context.js";
import { DEFAULT_OPTIMIZATION } from "./defaults.js";
import {
  isObject,
  type JsonObject,
  LOCAL_SETTINGS,
  readSettings,
  type SettingsFile,
  SHARED_SETTINGS,
} from "./file.js";

export type Source = "default" | ".claude/settings.json" | ".claude/settings.local.json";

export interface EffectiveValue {
  /** `optimization.cost.monthly_budget_usd` */
  path: string;
  value: unknown;
  source: Source;
}

export interface Effective {
  /** The merged block, as the libraries will see it. */
  optimization: Record<string, unknown>;
  values: EffectiveValue[];
  files: SettingsFile[];
}

/**
 * Defaults overlaid by settings.json then settings.local.json, one level deep per section (the same merge as
 * `readOptimization`), remembering which file set each value.
 */
export function effectiveOptimization(ctx: CliContext): Effective {
  const files = [readSettings(ctx, SHARED_SETTINGS), readSettings(ctx, LOCAL_SETTINGS)];
  const merged: Record<string, unknown> = structuredClone(DEFAULT_OPTIMIZATION) as Record<string, unknown>;
  const sources = new Map<string, Source>();
  for (const [section, values] of Object.entries(DEFAULT_OPTIMIZATION))
    for (const key of Object.keys(values)) sources.set(`${section}.${key}`, "default");
  for (const file of files) {
    const block = file.data.optimization;
    if (!isObject(block)) continue;
    const source = file.label as Source;
    for (const [section, value] of Object.entries(block)) {
      const prev = merged[section];
      if (isObject(prev) && isObject(value)) {
        merged[section] = { ...prev, ...value };
        for (const key of Object.keys(value)) sources.set(`${section}.${key}`, source);
      } else {
        merged[section] = value;
        for (const key of [...sources.keys()]) if (key.startsWith(`${section}.`)) sources.delete(key);
        sources.set(section, source);
      }
    }
  }
  const values: EffectiveValue[] = [];
  for (const [section, value] of Object.entries(merged)) {
    if (isObject(value)) {
      for (const [key, v] of Object.entries(value as JsonObject))
        values.push({
          path: `optimization.${section}.${key}`,
          value: v,
          source: sources.get(`${section}.${key}`) ?? "default",
        });
    } else {
      values.push({ path: `optimization.${section}`, value, source: sources.get(section) ?? "default" });
    }
  }
  return { optimization: merged, values, files };
}
