import {
  isBlock,
  type Block as JsonObject,
  LOCAL_SETTINGS,
  readSettingsFile,
  renderSettings,
  type SettingsFile,
  type SettingsName,
  SHARED_SETTINGS,
} from "@vextrus/config";
import { nodeFs, writeSettings } from "@vextrus/config/node";
import { type CliContext, projectRoot } from "../context.js";

export type { SettingsFile, SettingsName };
// The rules (reading, merging, formatting) are @vextrus/config's; this binds them to the command's project.
export {
  isBlock as isObject,
  type JsonObject,
  LOCAL_SETTINGS,
  renderSettings,
  SHARED_SETTINGS,
  writeSettings,
};

/** Reads `.claude/<name>` of the project (else the working folder); a broken file is an error naming it. */
export function readSettings(ctx: CliContext, name: SettingsName): SettingsFile {
  return readSettingsFile({ fs: nodeFs, projectRoot: projectRoot(ctx), name, mode: "strict" });
}
