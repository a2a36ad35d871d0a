/** One turn of a main conversation: the person's prompt and what the turn did until the next prompt. */
export interface TranscriptTurn {
  sessionId: string;
  /** The project folder the session ran in (`cwd` of the prompt's line). */
  cwd: string;
  prompt: string;
  start: string;
  /** The last line's time before the next prompt. */
  end: string;
  /** The `Agent`/`Task` calls made in the turn (tool_use ids), in order. */
  agentCalls: string[];
  /** Paths the main thread wrote (`Write`, `Edit`, `MultiEdit`, `NotebookEdit`), as written in the calls. */
  edited: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const EDIT_TOOLS = new Set(["Write", "Edit", "MultiEdit", "NotebookEdit"]);
const TIMESTAMP = /"timestamp":"([^"]+)"/;
// Text Claude Code writes as a user line that the person did not type: command echoes, notices, meta lines.
const NOT_TYPED =
  /^\s*(<command-|<local-command|<task-notification>|<system-reminder>|Caveat:|\[Request interrupted)/;

function promptOf(line: Json): string | null {
  if (line.type !== "user" || line.isMeta === true || line.isSidechain === true || !isObject(line.message))
    return null;
  const content = line.message.content;
  let text = "";
  if (typeof content === "string") text = content;
  else if (Array.isArray(content)) {
    if (content.some((b) => isObject(b) && b.type === "tool_result")) return null;
    text = content
      .map((b) => (isObject(b) && b.type === "text" && typeof b.text === "string" ? b.text : ""))
      .join("\n");
  }
  return text.trim() === "" || NOT_TYPED.test(text) ? null : text.trim();
}

/**
 * The turns of a main session transcript's text (docs/metrics-history.md, "Tasks"). Only lines that may hold a
 * prompt or a tool call are parsed; the rest give their timestamp by a text search.
 */
export function transcriptTurns(text: string): TranscriptTurn[] {
  const turns: TranscriptTurn[] = [];
  let turn: TranscriptTurn | null = null;
  for (const raw of text.split("\n")) {
    const at = TIMESTAMP.exec(raw)?.[1];
    const mayPrompt = raw.includes('"type":"user"');
    const mayCall = raw.includes('"tool_use"');
    if (mayPrompt || mayCall) {
      let line: unknown;
      try {
        line = JSON.parse(raw);
      } catch {
        continue;
      }
      if (!isObject(line)) continue;
      const prompt = promptOf(line);
      const timestamp = typeof line.timestamp === "string" ? line.timestamp : null;
      if (prompt !== null && timestamp !== null) {
        turn = {
          sessionId: typeof line.sessionId === "string" ? line.sessionId : "unknown",
          cwd: typeof line.cwd === "string" ? line.cwd : "",
          prompt,
          start: timestamp,
          end: timestamp,
          agentCalls: [],
          edited: [],
        };
        turns.push(turn);
        continue;
      }
      if (turn && line.type === "assistant" && line.isSidechain !== true && isObject(line.message)) {
        const content = line.message.content;
        for (const block of Array.isArray(content) ? content : []) {
          if (!isObject(block) || block.type !== "tool_use" || typeof block.name !== "string") continue;
          if ((block.name === "Agent" || block.name === "Task") && typeof block.id === "string")
            turn.agentCalls.push(block.id);
          const input = isObject(block.input) ? block.input : {};
          const path = input.file_path ?? input.notebook_path;
          if (EDIT_TOOLS.has(block.name) && typeof path === "string" && !turn.edited.includes(path))
            turn.edited.push(path);
        }
      }
    }
    if (turn && at && at > turn.end) turn.end = at;
  }
  return turns;
}
