import { isAbsolute, relative, resolve, sep } from "node:path";

export interface ToolCallPaths {
  /** Project-relative, `/`-separated, sorted. */
  inside: string[];
  /** Absolute, sorted: files the project's cache cannot watch. */
  outside: string[];
}

/**
 * The files that transcript lines' tool calls named in `tools` touched (`input.file_path`, or `notebook_path`),
 * split by whether they lie in the project. What a subagent read, what a turn edited.
 */
export function toolCallPaths(text: string, tools: ReadonlySet<string>, projectRoot: string): ToolCallPaths {
  const root = resolve(projectRoot);
  const inside = new Set<string>();
  const outside = new Set<string>();
  for (const line of text.split("\n")) {
    // Only tool-call lines are decoded; tool results (most bytes) are not.
    if (!line.includes('"tool_use"')) continue;
    let content: unknown;
    try {
      content = JSON.parse(line)?.message?.content;
    } catch {
      continue;
    }
    if (!Array.isArray(content)) continue;
    for (const block of content as { type?: unknown; name?: unknown; input?: Record<string, unknown> }[]) {
      if (block?.type !== "tool_use" || typeof block.name !== "string" || !tools.has(block.name)) continue;
      const path = block.input?.file_path ?? block.input?.notebook_path;
      if (typeof path !== "string" || path === "" || path.includes("\0")) continue;
      const absolute = resolve(root, path);
      const rel = relative(root, absolute);
      if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) outside.add(absolute);
      else inside.add(rel.split(sep).join("/"));
    }
  }
  return { inside: [...inside].sort(), outside: [...outside].sort() };
}
