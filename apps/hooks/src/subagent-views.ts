import { isAbsolute, relative, resolve, sep } from "node:path";
import type { DependencyInput, SearchRecord, SearchTool } from "@vextrus/cache";

// What a subagent saw, translated from its transcript into the cache's inputs. The rules (which tools make a run
// uncacheable, which views still match the project) are @vextrus/cache's; this only reads the transcript.
// Claude Code 2.1.332 keeps no structured `toolUseResult` on a subagent's successful tool results (only the text the
// model got), so the text is parsed; a structured result, where one is kept, is preferred. Shapes:
// docs/claude-code-search-tools.md.

export interface SubagentViews {
  /** The name of every tool call, repeats included. */
  tools: string[];
  /** Each Read as the text the agent received, each Grep/Glob/LS with the result it was shown. */
  dependencies: DependencyInput[];
  /** Absolute paths the agent read outside the project. */
  outside: string[];
}

interface Call {
  name: string;
  input: Record<string, unknown>;
  /** When the assistant record that issued the call was written (ms). */
  at: number;
}

interface Result {
  text: string;
  isError: boolean;
  structured: unknown;
}

const SEARCH: ReadonlySet<string> = new Set(["Grep", "Glob", "LS"]);

/** Read's default line limit: a read that showed this many lines may have been cut. */
const READ_DEFAULT_LIMIT = 2000;

type Block = {
  type?: unknown;
  id?: unknown;
  name?: unknown;
  input?: unknown;
  tool_use_id?: unknown;
  content?: unknown;
  is_error?: unknown;
};

function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((b: { type?: unknown; text?: unknown }) =>
      b?.type === "text" && typeof b.text === "string" ? b.text : "",
    )
    .join("\n");
}

/** The tool calls of a transcript's text and their results, in order. */
function callsOf(text: string): { calls: Map<string, Call>; order: string[]; results: Map<string, Result> } {
  const calls = new Map<string, Call>();
  const order: string[] = [];
  const results = new Map<string, Result>();
  for (const line of text.split("\n")) {
    // Only lines with a tool call or result are decoded.
    if (!line.includes('"tool_use"') && !line.includes('"tool_result"')) continue;
    let record: {
      type?: unknown;
      timestamp?: unknown;
      message?: { content?: unknown };
      toolUseResult?: unknown;
    };
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    const content = record?.message?.content;
    if (!Array.isArray(content)) continue;
    const blocks = content as Block[];
    const at = typeof record.timestamp === "string" ? Date.parse(record.timestamp) : Number.NaN;
    for (const block of blocks) {
      if (block?.type === "tool_use" && typeof block.name === "string") {
        const id = typeof block.id === "string" ? block.id : `#${order.length}`;
        const input =
          block.input && typeof block.input === "object" ? (block.input as Record<string, unknown>) : {};
        calls.set(id, { name: block.name, input, at });
        order.push(id);
      } else if (block?.type === "tool_result" && typeof block.tool_use_id === "string") {
        // A record's `toolUseResult` belongs to its one result; with several, it cannot be attributed.
        const single = blocks.filter((b) => b?.type === "tool_result").length === 1;
        results.set(block.tool_use_id, {
          text: resultText(block.content),
          isError: block.is_error === true,
          structured: single ? record.toolUseResult : undefined,
        });
      }
    }
  }
  return { calls, order, results };
}

/** `path` relative to the project (`/`-separated), or null when it lies outside. */
function insideProject(root: string, path: string): { rel: string } | { outside: string } {
  const absolute = resolve(root, path);
  const rel = relative(root, absolute);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    return { outside: absolute };
  return { rel: rel.split(sep).join("/") };
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** A Read's dependency: the text the agent received, or (without it) when it read. */
function readView(path: string, call: Call, result: Result | undefined): DependencyInput {
  const readAt = Number.isFinite(call.at) ? call.at : undefined;
  const when = readAt === undefined ? {} : { readAt };
  // No result in the transcript (the run was cut short): the old form, the file as it is when stored.
  if (!result) return path;
  if (result.isError) return path;
  const file = (result.structured as { file?: Record<string, unknown> } | undefined)?.file;
  if (file && typeof file.content === "string") {
    const startLine = num(file.startLine) ?? 1;
    const whole =
      startLine === 1 && num(file.numLines) === num(file.totalLines) && file.truncatedByTokenCap !== true;
    return { path, content: file.content, startLine, whole, ...when };
  }
  // The text the model got: `cat -n` lines, `<number>\t<line>`, maybe followed by a note.
  const lines = result.text.split("\n");
  const shown: string[] = [];
  let first: number | undefined;
  let rest = false;
  for (const line of lines) {
    const m = /^\s*(\d+)\t/.exec(line);
    if (m && (first === undefined || Number(m[1]) === first + shown.length)) {
      first ??= Number(m[1]);
      shown.push(line.slice(m[0].length));
    } else if (line.trim() !== "") {
      rest = true; // a note after the lines, or a gap in their numbers: not known to be the whole file
      break;
    }
  }
  // Not a text view (an empty file's notice, an image, a notebook): only the time of the read is known.
  if (first === undefined) return { path, ...when };
  const cut = call.input.offset !== undefined || call.input.limit !== undefined;
  const whole = !cut && !rest && first === 1 && shown.length < READ_DEFAULT_LIMIT;
  return { path, content: shown.join("\n"), startLine: first, whole, ...when };
}

/** Notes Claude Code adds to a search's text when it cut the result or stopped early. */
const CUT_NOTE =
  /^\(Results are truncated|^\(Showing \d+ of|\[Showing results with pagination|search stopped before|results are incomplete/;

/** A search's result as `{ entries, complete }`, from its structured result or else its text. */
function searchView(tool: SearchTool, call: Call, result: Result | undefined): SearchRecord["result"] {
  if (!result || result.isError) return { entries: [], complete: false };
  const s = result.structured as Record<string, unknown> | undefined;
  const strings = (v: unknown) =>
    Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
  if (s && typeof s === "object") {
    if (tool === "Glob" && strings(s.filenames)) {
      return { entries: strings(s.filenames) ?? [], complete: s.truncated !== true && s.timedOut !== true };
    }
    if (tool === "Grep") {
      const complete = s.appliedLimit === undefined && s.timedOut !== true;
      if (s.mode === "files_with_matches" && strings(s.filenames))
        return { entries: strings(s.filenames) ?? [], complete };
      if (typeof s.content === "string")
        return { entries: s.content === "" ? [] : s.content.split("\n"), complete };
    }
  }
  // LS prints a tree, which is not re-checked line by line: not a view the cache can compare.
  if (tool === "LS") return { entries: [], complete: false };
  const lines = result.text.split("\n");
  if (lines.some((l) => CUT_NOTE.test(l.trim()))) return { entries: [], complete: false };
  const body = lines.filter((l) => l.trim() !== "");
  if (body.length === 1 && /^No (files|matches) found$/.test(body[0] ?? ""))
    return { entries: [], complete: true };
  const mode = tool === "Grep" ? (call.input.output_mode ?? "files_with_matches") : "files";
  if (mode === "files_with_matches" && /^Found \d+ files?$/.test(body[0] ?? "")) body.shift();
  if (mode === "count") {
    const total = body.findIndex((l) => /^Found \d+ total occurrences?/.test(l));
    if (total >= 0) body.splice(total);
  }
  return { entries: body, complete: true };
}

/** Tools, reads and searches of a subagent's transcript (its text), as `AgentCache.store` takes them. */
export function subagentViews(text: string, projectRoot: string): SubagentViews {
  const root = resolve(projectRoot);
  const { calls, order, results } = callsOf(text);
  const tools: string[] = [];
  const dependencies: DependencyInput[] = [];
  const outside = new Set<string>();
  for (const id of order) {
    const call = calls.get(id);
    if (!call) continue;
    tools.push(call.name);
    const result = results.get(id);
    if (call.name === "Read") {
      const path = call.input.file_path;
      if (typeof path !== "string" || path === "" || path.includes("\0")) continue;
      const where = insideProject(root, path);
      if ("outside" in where) outside.add(where.outside);
      else dependencies.push(readView(where.rel, call, result));
    } else if (SEARCH.has(call.name)) {
      const tool = call.name as SearchTool;
      dependencies.push({ kind: "search", tool, args: call.input, result: searchView(tool, call, result) });
    }
  }
  return { tools, dependencies, outside: [...outside].sort() };
}
