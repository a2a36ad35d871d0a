import { createPatternIndex } from "./pattern-index.js";
import { recommendApproach } from "./recommend.js";
import type { FinishedTask } from "./task.js";

export interface PrewarmOptions {
  /** Below this recommendation confidence there is no hint: a weak match misleads more than it helps. */
  readonly minConfidence?: number;
  /** How many folders the hint names, the most weighted first. */
  readonly maxFolders?: number;
  /** What a folder's own docs are called, in the order worth reading them. */
  readonly docNames?: readonly string[];
  readonly maxDocs?: number;
  /** Whether a project-relative path is a file; without it no docs are chosen. */
  readonly isFile?: (projectPath: string) => boolean;
}

export const DEFAULT_PREWARM_OPTIONS = Object.freeze({
  minConfidence: 0.2,
  maxFolders: 5,
  docNames: Object.freeze(["CLAUDE.md", "README.md"]),
  maxDocs: 5,
});

/** What the task at hand likely needs, from the most similar finished tasks. */
export interface PrewarmHints {
  /** How many similar tasks it comes from. */
  readonly matches: number;
  readonly confidence: number;
  /** Folders (`src/payments/`) those tasks touched, weighted by similarity, the heaviest first. */
  readonly folders: readonly string[];
  /** The nearest docs of those folders (see `nearestDocs`). */
  readonly docs: readonly string[];
  readonly agents: readonly string[];
  readonly estimatedDurationMs: number;
}

const folderOf = (path: string) => (path.includes("/") ? `${path.slice(0, path.lastIndexOf("/"))}/` : path);

/**
 * Which folders, docs and agents a new task likely needs, from the history's most similar tasks; undefined when
 * the description is blank or no history is similar enough (`minConfidence`) to say.
 */
export function prewarmHints(
  history: readonly FinishedTask[],
  description: string,
  options: PrewarmOptions = {},
): PrewarmHints | undefined {
  if (history.length === 0 || description.trim() === "") return undefined;
  const result = recommendApproach(createPatternIndex(history), { description });
  if (result.status !== "recommended") return undefined;
  if (result.confidence < (options.minConfidence ?? DEFAULT_PREWARM_OPTIONS.minConfidence)) return undefined;
  const byId = new Map(history.map((t) => [t.id, t]));
  const weight = new Map<string, number>();
  for (const match of result.matches)
    for (const file of byId.get(match.taskId)?.files ?? [])
      weight.set(folderOf(file), (weight.get(folderOf(file)) ?? 0) + match.similarity);
  const folders = [...weight.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxFolders ?? DEFAULT_PREWARM_OPTIONS.maxFolders)
    .map(([folder]) => folder);
  return {
    matches: result.matches.length,
    confidence: result.confidence,
    folders,
    docs: options.isFile ? nearestDocs(folders, options.isFile, options) : [],
    agents: result.agents,
    estimatedDurationMs: result.estimatedDurationMs,
  };
}

/**
 * The docs nearest to each folder: its own docs (`docNames`, in that order), else its parent's, up to (not
 * including) the project root, whose CLAUDE.md Claude Code loads anyway. Folders come from task history, a file
 * anyone can edit, so a path that is absolute or climbs out of the project is ignored rather than looked up.
 */
export function nearestDocs(
  folders: readonly string[],
  isFile: (projectPath: string) => boolean,
  options: Pick<PrewarmOptions, "docNames" | "maxDocs"> = {},
): string[] {
  const names = options.docNames ?? DEFAULT_PREWARM_OPTIONS.docNames;
  const max = options.maxDocs ?? DEFAULT_PREWARM_OPTIONS.maxDocs;
  const docs: string[] = [];
  for (const folder of folders) {
    const parts = folder.split("/").filter((part) => part !== "" && part !== ".");
    if (folder.startsWith("/") || folder.includes("\\") || parts.includes("..")) continue;
    for (let depth = parts.length; depth > 0; depth -= 1) {
      const dir = parts.slice(0, depth).join("/");
      const found = names.map((name) => `${dir}/${name}`).filter((doc) => isFile(doc));
      if (found.length === 0) continue;
      for (const doc of found) if (!docs.includes(doc)) docs.push(doc);
      break;
    }
    if (docs.length >= max) break;
  }
  return docs.slice(0, max);
}
