/** What a path under a Claude config dir's `projects/` folder holds, from its name alone. */
export type TranscriptPathKind =
  | { kind: "transcript"; project: string; agentId: string | null }
  | { kind: "agent-meta"; project: string; agentId: string }
  | { kind: "other" };

const AGENT_FILE = /^agent-(.+)\.jsonl$/;
const AGENT_META = /^agent-(.+)\.meta\.json$/;

/** `relative` is relative to `projects/`, with `/` separators: `<project>/<session>.jsonl`, `<project>/<session>/subagents/agent-<id>.jsonl`. */
export function classifyTranscriptPath(relative: string): TranscriptPathKind {
  const parts = relative.split("/");
  const project = parts[0];
  const name = parts[parts.length - 1];
  if (!project || !name || parts.length < 2) return { kind: "other" };
  const inSubagents = parts.length >= 3 && parts[parts.length - 2] === "subagents";
  if (name.endsWith(".jsonl")) {
    const agent = inSubagents ? AGENT_FILE.exec(name) : null;
    return { kind: "transcript", project, agentId: agent?.[1] ?? null };
  }
  const meta = inSubagents ? AGENT_META.exec(name) : null;
  if (meta?.[1]) return { kind: "agent-meta", project, agentId: meta[1] };
  return { kind: "other" };
}

/**
 * The folder under `projects/` that holds a project's transcripts: Claude Code names it after the project's
 * absolute path with every character but an ASCII letter or digit replaced by `-` (docs/transcripts.md).
 */
export function claudeProjectFolderName(projectRoot: string): string {
  return projectRoot.replace(/[^a-zA-Z0-9]/g, "-");
}
