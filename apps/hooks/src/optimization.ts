import { readFileSync } from "node:fs";
import { join } from "node:path";

// Only node:fs and node:path: the process entry reads this before it decides where to handle an event.

export type Block = Record<string, unknown>;

export const isBlock = (value: unknown): value is Block =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `optimization` from `.claude/settings.json` overlaid by `.claude/settings.local.json`, one level deep per section
 * (as `vextrus config show` merges). A file that is not JSON is skipped with a note: a hook never fails on config.
 */
export function readOptimization(projectRoot: string, note: (message: string) => void): Block {
  const merged: Block = {};
  for (const name of ["settings.json", "settings.local.json"]) {
    let text: string;
    try {
      text = readFileSync(join(projectRoot, ".claude", name), "utf8");
    } catch {
      continue;
    }
    let block: unknown;
    try {
      block = (JSON.parse(text) as { optimization?: unknown })?.optimization;
    } catch {
      note(
        `.claude/${name} is not valid JSON; its settings are ignored (check it with \`vextrus config validate\`)`,
      );
      continue;
    }
    if (block === undefined) continue;
    if (!isBlock(block)) {
      note(`.claude/${name}: optimization: expected an object; ignored`);
      continue;
    }
    for (const [section, value] of Object.entries(block)) {
      const prev = merged[section];
      merged[section] = isBlock(prev) && isBlock(value) ? { ...prev, ...value } : value;
    }
  }
  return merged;
}
