import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type CliContext, CliError, projectRoot } from "../context.js";

export type JsonObject = Record<string, unknown>;

/** A settings file as read: its data plus what we need to write it back the way it was formatted. */
export interface SettingsFile {
  path: string;
  /** Shown to people: `.claude/settings.json`. */
  label: string;
  exists: boolean;
  /** The bytes on disk ("" when the file does not exist). */
  text: string;
  data: JsonObject;
  indent: string;
  finalNewline: boolean;
}

export const SHARED_SETTINGS = "settings.json";
export const LOCAL_SETTINGS = "settings.local.json";
export type SettingsName = typeof SHARED_SETTINGS | typeof LOCAL_SETTINGS;

export function settingsPath(ctx: CliContext, name: SettingsName): string {
  return join(projectRoot(ctx), ".claude", name);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads `.claude/<name>`; a missing file is an empty object, a broken one a CliError naming the file. */
export function readSettings(ctx: CliContext, name: SettingsName): SettingsFile {
  const path = settingsPath(ctx, name);
  const label = `.claude/${name}`;
  if (!existsSync(path))
    return { path, label, exists: false, text: "", data: {}, indent: "  ", finalNewline: true };
  const text = readFileSync(path, "utf8");
  let data: unknown;
  try {
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new CliError(`${label}: not valid JSON (${(error as Error).message}); fix the file or remove it`);
  }
  if (!isObject(data)) throw new CliError(`${label}: expected a JSON object at the top level`);
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? "  ";
  return { path, label, exists: true, text, data, indent, finalNewline: text === "" || text.endsWith("\n") };
}

/** The text `data` would be written as, in the file's own indentation. */
export function renderSettings(file: SettingsFile, data: JsonObject): string {
  return JSON.stringify(data, null, file.indent) + (file.finalNewline ? "\n" : "");
}

/**
 * Writes `data` back unless it equals what is on disk (so a no-op leaves the file byte-identical). Atomic: a
 * temporary file renamed over the old one. Returns whether anything was written.
 */
export function writeSettings(file: SettingsFile, data: JsonObject): boolean {
  if (file.exists && JSON.stringify(data) === JSON.stringify(file.data)) return false;
  const text = renderSettings(file, data);
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file.path);
  return true;
}
