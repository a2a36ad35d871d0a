import type { AgentMetaFile, TranscriptFile, TranscriptSource } from "./ingest.js";
import { classifyTranscriptPath } from "./paths.js";

/**
 * Transcripts held in memory, keyed by their path under `projects/`. For tests and for tools that receive
 * transcript text from elsewhere. Replace a file's text to simulate appends; `replaced` simulates a new inode.
 */
export function createMemoryTranscriptSource(
  files: Map<string, string | Buffer>,
  inodes = new Map<string, number>(),
) {
  const source: TranscriptSource = {
    list() {
      const transcripts: TranscriptFile[] = [];
      const agentMeta: AgentMetaFile[] = [];
      for (const [path, content] of files) {
        const size = Buffer.byteLength(content);
        const ino = inodes.get(path) ?? 1;
        const kind = classifyTranscriptPath(path);
        if (kind.kind === "transcript") {
          transcripts.push({ path, project: kind.project, agentId: kind.agentId, size, mtimeMs: size, ino });
        } else if (kind.kind === "agent-meta") {
          agentMeta.push({ path, agentId: kind.agentId, size, mtimeMs: size, ino });
        }
      }
      return { transcripts, agentMeta };
    },
    read(file, offset, consume) {
      const content = files.get(file.path) ?? "";
      const buf = (typeof content === "string" ? Buffer.from(content) : content).subarray(0, file.size);
      return offset + (consume(buf.subarray(offset), 0, buf.length - offset, offset, true) ?? 0);
    },
    readText(path) {
      const content = files.get(path);
      if (content === undefined) throw new Error(`no such file: ${path}`);
      return content.toString();
    },
  };
  return source;
}
