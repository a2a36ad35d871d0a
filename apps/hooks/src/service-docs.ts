import { statSync } from "node:fs";
import { join } from "node:path";

/** What a folder's own docs are called, in the order worth reading them. */
const DOC_NAMES = ["CLAUDE.md", "README.md"];
const MAX_DOCS = 5;

const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() === true;

/**
 * The docs nearest to each folder: its own CLAUDE.md or README.md, else its parent's, up to (not including)
 * the project root, whose CLAUDE.md Claude Code loads anyway. Folders come from task history, a file anyone
 * can edit, so a path that is absolute or climbs out of the project is ignored rather than looked up.
 */
export function serviceDocs(projectRoot: string, folders: readonly string[]): string[] {
  const docs: string[] = [];
  for (const folder of folders) {
    const parts = folder.split("/").filter((part) => part !== "" && part !== ".");
    if (folder.startsWith("/") || folder.includes("\\") || parts.includes("..")) continue;
    for (let depth = parts.length; depth > 0; depth -= 1) {
      const dir = parts.slice(0, depth).join("/");
      const found = DOC_NAMES.map((name) => `${dir}/${name}`).filter((doc) => isFile(join(projectRoot, doc)));
      if (found.length === 0) continue;
      for (const doc of found) if (!docs.includes(doc)) docs.push(doc);
      break;
    }
    if (docs.length >= MAX_DOCS) break;
  }
  return docs.slice(0, MAX_DOCS);
}
