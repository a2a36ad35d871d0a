import { readFileSync, statSync } from "node:fs";
import {
  type Pico,
  type PriceBook,
  priceRunRequests,
  scanTranscript,
  type TokenCounts,
  type UsageRecord,
} from "@vextrus/cost";
import { type SubagentViews, subagentViews } from "./subagent-views.js";

/** A subagent transcript bigger than this is not read: its answer is neither cached nor priced from it. */
const MAX_TRANSCRIPT_BYTES = 32 * 1024 * 1024;

export interface SubagentRun {
  /**
   * What the subagent used and saw (tools, reads, searches, reads outside the project): its answer's inputs.
   * Parsed only when asked: the cache is the only reader, and it may be off or the answer empty.
   */
  views(): SubagentViews;
  /** Each request once (a streamed message's last line), as the cost ingest counts them. */
  requests: UsageRecord[];
}

/** Reads `agent-<id>.jsonl`; undefined when it is missing, unreadable, too big or not a regular file. */
export function readSubagentTranscript(path: string, projectRoot: string): SubagentRun | undefined {
  let buf: Buffer;
  try {
    // Only a regular file: a device or FIFO (`/dev/zero`) would never end, and its size says 0.
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_TRANSCRIPT_BYTES) return undefined;
    buf = readFileSync(path);
  } catch {
    return undefined;
  }
  const requests = new Map<string, UsageRecord>();
  const end = buf.length > 0 && buf[buf.length - 1] !== 0x0a ? Buffer.concat([buf, Buffer.from("\n")]) : buf;
  scanTranscript(
    end,
    0,
    end.length,
    { file: path, project: "", agentId: null, fileOffset: 0 },
    {
      usage(record) {
        const seen = requests.get(record.key);
        if (!seen || record.output > seen.output) requests.set(record.key, record);
      },
      agentCall() {},
      agentLink() {},
      malformed() {},
    },
  );
  return { views: () => subagentViews(end.toString("utf8"), projectRoot), requests: [...requests.values()] };
}

export interface PricedRun {
  tokens: TokenCounts;
  costPico: Pico;
  /** The model that made most of the requests. */
  model: string;
  /** Models the price book does not know; their requests are not in `costPico`. */
  unpriced: string[];
}

/** Tokens and exact cost of a subagent's requests (@vextrus/cost's rule), with the model that made most of them. */
export function priceRequests(requests: readonly UsageRecord[], book: PriceBook): PricedRun | undefined {
  if (requests.length === 0) return undefined;
  const { tokens, costPico, unpriced, models } = priceRunRequests(requests, book);
  return { tokens, costPico, model: models[0] ?? "unknown", unpriced };
}
