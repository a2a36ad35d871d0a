import type { TranscriptEvents } from "./records.js";
import type { UsageStore } from "./store.js";
import { scanTranscript } from "./transcript.js";

export interface TranscriptFile {
  path: string;
  /** Folder under `projects/` holding the file. */
  project: string;
  /** Set for `subagents/agent-<id>.jsonl` files. */
  agentId: string | null;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface AgentMetaFile {
  path: string;
  agentId: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

/** The I/O an ingest needs, passed in so the rules run without a disk (see createMemoryTranscriptSource). */
export interface TranscriptSource {
  list(): { transcripts: TranscriptFile[]; agentMeta: AgentMetaFile[] };
  /**
   * Feeds the bytes of `file` from `offset` on to `consume` in chunks. `consume` returns the index in `buf` up to
   * which it used the chunk; the rest is handed again, with more bytes, in the next call. Returns the file offset
   * just past the last byte consumed.
   */
  read(
    file: TranscriptFile,
    offset: number,
    consume: (buf: Buffer, start: number, end: number, fileOffset: number) => number,
  ): number;
  readText(path: string): string;
}

export interface IngestResult {
  filesSeen: number;
  filesRead: number;
  bytesRead: number;
  /** Usage lines read in this run (before de-duplication against what the store already had). */
  usageLines: number;
  malformedLines: number;
  /** Files read from the start again because they were replaced or truncated. */
  filesReset: number;
}

/**
 * Reads what is new in each transcript since the last run and adds it to the store, in one transaction.
 * Re-running over the same bytes never double counts: requests are keyed by message id and request id.
 */
export function ingestTranscripts({
  source,
  store,
}: {
  source: TranscriptSource;
  store: UsageStore;
}): IngestResult {
  const { transcripts, agentMeta } = source.list();
  const result: IngestResult = {
    filesSeen: transcripts.length,
    filesRead: 0,
    bytesRead: 0,
    usageLines: 0,
    malformedLines: 0,
    filesReset: 0,
  };
  let malformedInFile = 0;
  const events: TranscriptEvents = {
    usage(record) {
      result.usageLines++;
      store.upsertUsage(record);
    },
    agentCall: (toolUseId, agentType) => store.addAgentCall(toolUseId, agentType),
    agentLink: (agentId, toolUseId) => store.addAgentLink(agentId, toolUseId),
    malformed() {
      malformedInFile++;
    },
  };
  store.transaction(() => {
    for (const meta of agentMeta) {
      const prev = store.getFile(meta.path);
      if (prev && prev.mtimeMs === meta.mtimeMs && prev.size === meta.size && prev.ino === meta.ino) continue;
      const agentType = readAgentType(source, meta.path);
      if (agentType) store.setAgentType(meta.agentId, agentType);
      store.putFile(meta.path, { ...meta, offset: meta.size, malformed: agentType ? 0 : 1 });
    }
    for (const file of transcripts) {
      const prev = store.getFile(file.path);
      const replaced = prev !== undefined && (prev.ino !== file.ino || file.size < prev.offset);
      const offset = prev && !replaced ? prev.offset : 0;
      if (replaced) result.filesReset++;
      if (offset >= file.size && prev && !replaced) continue;
      malformedInFile = 0;
      const end = source.read(file, offset, (buf, start, stop, fileOffset) =>
        scanTranscript(
          buf,
          start,
          stop,
          { file: file.path, project: file.project, agentId: file.agentId, fileOffset },
          events,
        ),
      );
      result.filesRead++;
      result.bytesRead += end - offset;
      result.malformedLines += malformedInFile;
      store.putFile(file.path, {
        ino: file.ino,
        size: file.size,
        offset: end,
        mtimeMs: file.mtimeMs,
        malformed: (replaced ? 0 : (prev?.malformed ?? 0)) + malformedInFile,
      });
    }
  });
  return result;
}

function readAgentType(source: TranscriptSource, path: string): string | null {
  try {
    const meta: unknown = JSON.parse(source.readText(path));
    if (
      typeof meta === "object" &&
      meta !== null &&
      "agentType" in meta &&
      typeof meta.agentType === "string"
    ) {
      return meta.agentType || null;
    }
  } catch {
    // An unreadable or half-written meta file only loses the type hint; the parent's call may still give it.
  }
  return null;
}
