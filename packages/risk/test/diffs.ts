import { readFileSync } from "node:fs";
import { join } from "node:path";

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
}

export interface FileSpec {
  path: string;
  /** Default `modified`. */
  status?: "added" | "modified" | "deleted";
  added?: readonly string[];
  removed?: readonly string[];
}

/** A diff shaped like `git diff` prints it: one context line per modified file, a trailing tab after spaced paths. */
export function gitDiff(files: readonly FileSpec[]): string {
  return files.map(fileDiff).join("");
}

function fileDiff(file: FileSpec): string {
  const { path, status = "modified" } = file;
  const added = status === "deleted" ? [] : (file.added ?? []);
  const removed = status === "added" ? [] : (file.removed ?? []);
  const tab = path.includes(" ") ? "\t" : "";
  const out = [`diff --git a/${path} b/${path}`];
  if (status === "added") out.push("new file mode 100644", "index 0000000..1a2b3c4");
  else if (status === "deleted") out.push("deleted file mode 100644", "index 1a2b3c4..0000000");
  else out.push("index 1a2b3c4..5d6e7f8 100644");
  if (added.length + removed.length > 0 || status === "modified") {
    out.push(status === "added" ? "--- /dev/null" : `--- a/${path}${tab}`);
    out.push(status === "deleted" ? "+++ /dev/null" : `+++ b/${path}${tab}`);
    if (status === "added") out.push(`@@ -0,0 +1,${added.length} @@`);
    else if (status === "deleted") out.push(`@@ -1,${removed.length} +0,0 @@`);
    else out.push(`@@ -1,${removed.length + 1} +1,${added.length + 1} @@ context`);
    if (status === "modified") out.push(" unchanged line");
    for (const line of removed) out.push(`-${line}`);
    for (const line of added) out.push(`+${line}`);
  }
  return `${out.join("\n")}\n`;
}

/** `n` distinct lines of plain code. */
export function codeLines(n: number, prefix = "value"): string[] {
  return Array.from({ length: n }, (_, i) => `  ${prefix}${i} = compute(${i});`);
}
