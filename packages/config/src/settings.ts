import { join } from "node:path";
import { VextrusConfigError } from "./errors.js";
import type { ConfigFs } from "./io.js";

export type Block = Record<string, unknown>;

export const isBlock = (value: unknown): value is Block =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const SHARED_SETTINGS = "settings.json";
export const LOCAL_SETTINGS = "settings.local.json";
export type SettingsName = typeof SHARED_SETTINGS | typeof LOCAL_SETTINGS;
/** Read in this order: the local file overlays the shared one. */
export const SETTINGS_NAMES: readonly SettingsName[] = [SHARED_SETTINGS, LOCAL_SETTINGS];

/** Where a value came from, as `vextrus config show` prints it. */
export type Source = "default" | `.claude/${SettingsName}`;

/**
 * How a broken settings file is met. `strict` (the CLI): a typed error naming the file. `lenient` (the hooks, which
 * must never stop a session): a note, and the file's settings are skipped.
 */
export type ReadMode = "strict" | "lenient";

/** A settings file as read: its data plus what is needed to write it back the way it was formatted. */
export interface SettingsFile {
  path: string;
  /** Shown to people: `.claude/settings.json`. */
  label: `.claude/${SettingsName}`;
  exists: boolean;
  /** The bytes on disk ("" when the file does not exist). */
  text: string;
  data: Block;
  indent: string;
  finalNewline: boolean;
}

export function settingsPath(projectRoot: string, name: SettingsName): string {
  return join(projectRoot, ".claude", name);
}

export interface ReadSettingsOptions {
  fs: ConfigFs;
  projectRoot: string;
  name: SettingsName;
  mode?: ReadMode;
  note?: (message: string) => void;
}

/** Reads `.claude/<name>`; a missing file is an empty object. */
export function readSettingsFile(options: ReadSettingsOptions): SettingsFile {
  const { fs, projectRoot, name, mode = "strict", note = () => {} } = options;
  const path = settingsPath(projectRoot, name);
  const label = `.claude/${name}` as const;
  const empty = { path, label, exists: false, text: "", data: {}, indent: "  ", finalNewline: true };
  const text = fs.readText(path);
  if (text === undefined) return empty;
  const fail = (problem: string, lenient: string): SettingsFile => {
    if (mode === "strict") throw new VextrusConfigError("SETTINGS_INVALID", `${label}: ${problem}`);
    note(lenient);
    return { ...empty, exists: true, text };
  };
  let data: unknown;
  try {
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    return fail(
      `not valid JSON (${(error as Error).message}); fix the file or remove it`,
      `${label} is not valid JSON; its settings are ignored (check it with \`vextrus config validate\`)`,
    );
  }
  if (!isBlock(data))
    return fail(
      "expected a JSON object at the top level",
      `${label}: expected a JSON object at the top level; its settings are ignored`,
    );
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? "  ";
  return { path, label, exists: true, text, data, indent, finalNewline: text === "" || text.endsWith("\n") };
}

/** The text `data` would be written as, in the file's own indentation. */
export function renderSettings(file: SettingsFile, data: Block): string {
  return JSON.stringify(data, null, file.indent) + (file.finalNewline ? "\n" : "");
}

export interface MergedOptimization {
  /** The merged `optimization` block, as the libraries will see it. */
  optimization: Block;
  /** `section.key` (or `section` for a value that is not an object) → where it came from. */
  sources: Map<string, Source>;
}

/**
 * `defaults` overlaid by each file's `optimization` in turn, one level deep per section (so a local file can change
 * one cost setting without repeating the rest), remembering which file set each value. An `optimization` that is
 * not an object is an error in strict mode, a skipped file with a note in lenient mode.
 */
export function mergeOptimization(
  files: readonly SettingsFile[],
  options: { defaults?: Block; mode?: ReadMode; note?: (message: string) => void } = {},
): MergedOptimization {
  const { defaults = {}, mode = "strict", note = () => {} } = options;
  const merged: Block = structuredClone(defaults);
  const sources = new Map<string, Source>();
  for (const [section, values] of Object.entries(defaults)) {
    if (isBlock(values)) for (const key of Object.keys(values)) sources.set(`${section}.${key}`, "default");
    else sources.set(section, "default");
  }
  for (const file of files) {
    const block = file.data.optimization;
    if (block === undefined) continue;
    if (!isBlock(block)) {
      if (mode === "strict")
        throw new VextrusConfigError("SETTINGS_INVALID", `${file.label}: optimization: expected an object`);
      note(`${file.label}: optimization: expected an object; ignored`);
      continue;
    }
    for (const [section, value] of Object.entries(block)) {
      const prev = merged[section];
      if (!isBlock(prev) || !isBlock(value)) {
        // Replaced whole: nothing of what was there before is left to name a source.
        sources.delete(section);
        for (const key of [...sources.keys()]) if (key.startsWith(`${section}.`)) sources.delete(key);
      }
      if (isBlock(value)) {
        merged[section] = isBlock(prev) ? { ...prev, ...value } : { ...value };
        for (const key of Object.keys(value)) sources.set(`${section}.${key}`, file.label);
      } else {
        merged[section] = value;
        sources.set(section, file.label);
      }
    }
  }
  return { optimization: merged, sources };
}

export interface EffectiveValue {
  /** `optimization.cost.monthly_budget_usd` */
  path: string;
  value: unknown;
  source: Source;
}

/** Every value of a merged block with its source, in the block's order: what `vextrus config show` lists. */
export function effectiveValues(merged: MergedOptimization): EffectiveValue[] {
  const values: EffectiveValue[] = [];
  for (const [section, value] of Object.entries(merged.optimization)) {
    if (isBlock(value)) {
      for (const [key, v] of Object.entries(value))
        values.push({
          path: `optimization.${section}.${key}`,
          value: v,
          source: merged.sources.get(`${section}.${key}`) ?? "default",
        });
    } else {
      values.push({
        path: `optimization.${section}`,
        value,
        source: merged.sources.get(section) ?? "default",
      });
    }
  }
  return values;
}

export interface ProjectSettings extends MergedOptimization {
  /** The two files as read (absent ones included, `exists: false`); none outside a project. */
  files: SettingsFile[];
}

/**
 * Reads and merges the project's settings files over `defaults`. Outside a project (`projectRoot` undefined)
 * nothing is read: the defaults alone.
 */
export function readProjectSettings(options: {
  fs: ConfigFs;
  projectRoot: string | undefined;
  defaults?: Block;
  mode?: ReadMode;
  note?: (message: string) => void;
}): ProjectSettings {
  const { projectRoot, ...rest } = options;
  const files =
    projectRoot === undefined
      ? []
      : SETTINGS_NAMES.map((name) => readSettingsFile({ ...rest, projectRoot, name }));
  return { files, ...mergeOptimization(files, rest) };
}
