// The keys a line walk reads, and the keys it meets most, matched word by word as a key is read (member()); any other
// key is told apart by its length and first byte before one comparison.
import { quoted } from "./json-bytes.js";

export const Key = {
  Other: 0,
  type: 1,
  message: 2,
  requestId: 3,
  timestamp: 4,
  sessionId: 5,
  agentId: 6,
  isSidechain: 7,
  parentToolUseID: 8,
  data: 9,
  id: 10,
  model: 11,
  usage: 12,
  content: 13,
  name: 14,
  input: 15,
  subagentType: 16,
  toolUseId: 17,
  inputTokens: 18,
  outputTokens: 19,
  cacheWrite: 20,
  cacheRead: 21,
  cacheSplit: 22,
  oneHour: 23,
  serverTools: 24,
  webSearches: 25,
  speed: 26,
  geo: 27,
  // Keys no walk reads, known so that they too are matched in one pass (see MATCH below).
  parentUuid: 28,
  userType: 29,
  cwd: 30,
  version: 31,
  gitBranch: 32,
  role: 33,
  uuid: 34,
  stopReason: 35,
  stopSequence: 36,
  fiveMinutes: 37,
  serviceTier: 38,
  text: 39,
  toolUseResult: 40,
  filePath: 41,
  description: 42,
  command: 43,
  thinking: 44,
  signature: 45,
  toolUseID: 46,
} as const;
export type Key = (typeof Key)[keyof typeof Key];

const NAMES: Record<Exclude<Key, 0>, string> = {
  [Key.type]: "type",
  [Key.message]: "message",
  [Key.requestId]: "requestId",
  [Key.timestamp]: "timestamp",
  [Key.sessionId]: "sessionId",
  [Key.agentId]: "agentId",
  [Key.isSidechain]: "isSidechain",
  [Key.parentToolUseID]: "parentToolUseID",
  [Key.data]: "data",
  [Key.id]: "id",
  [Key.model]: "model",
  [Key.usage]: "usage",
  [Key.content]: "content",
  [Key.name]: "name",
  [Key.input]: "input",
  [Key.subagentType]: "subagent_type",
  [Key.toolUseId]: "tool_use_id",
  [Key.inputTokens]: "input_tokens",
  [Key.outputTokens]: "output_tokens",
  [Key.cacheWrite]: "cache_creation_input_tokens",
  [Key.cacheRead]: "cache_read_input_tokens",
  [Key.cacheSplit]: "cache_creation",
  [Key.oneHour]: "ephemeral_1h_input_tokens",
  [Key.serverTools]: "server_tool_use",
  [Key.webSearches]: "web_search_requests",
  [Key.speed]: "speed",
  [Key.geo]: "inference_geo",
  [Key.parentUuid]: "parentUuid",
  [Key.userType]: "userType",
  [Key.cwd]: "cwd",
  [Key.version]: "version",
  [Key.gitBranch]: "gitBranch",
  [Key.role]: "role",
  [Key.uuid]: "uuid",
  [Key.stopReason]: "stop_reason",
  [Key.stopSequence]: "stop_sequence",
  [Key.fiveMinutes]: "ephemeral_5m_input_tokens",
  [Key.serviceTier]: "service_tier",
  [Key.text]: "text",
  [Key.toolUseResult]: "toolUseResult",
  [Key.filePath]: "file_path",
  [Key.description]: "description",
  [Key.command]: "command",
  [Key.thinking]: "thinking",
  [Key.signature]: "signature",
  [Key.toolUseID]: "toolUseID",
};

/** Each key's bytes, quotes included, by Key. */
const BYTES: Buffer[] = [Buffer.alloc(0)];
/** The keys of each length (quotes included). */
const BY_LENGTH: Key[][] = [];

for (const [id, name] of Object.entries(NAMES)) {
  const bytes = quoted(name);
  BYTES[Number(id)] = bytes;
  while (BY_LENGTH.length <= bytes.length) BY_LENGTH.push([]);
  (BY_LENGTH[bytes.length] as Key[]).push(Number(id) as Key);
}

/** The Key of the string `k[ks, ke)` (quotes included; a key with escapes is decoded first), or Key.Other. */
export function keyOf(k: Uint8Array, ks: number, ke: number): Key {
  const length = ke - ks;
  if (length >= BY_LENGTH.length) return Key.Other;
  const ids = BY_LENGTH[length] as Key[];
  const first = k[ks + 1];
  for (let n = 0; n < ids.length; n++) {
    const id = ids[n] as Key;
    const bytes = BYTES[id] as Buffer;
    if (bytes[1] !== first) continue;
    let j = 2;
    while (j < length - 1 && k[ks + j] === bytes[j]) j++;
    if (j === length - 1) return id;
  }
  return Key.Other;
}

/**
 * The keys matched while a key is read: compared as little-endian 32-bit words (quotes included), at offsets 0, 4,
 * ... and a last word ending at the closing quote, overlapping the one before. Equal words then mean the key is that
 * string, its end found in the same pass. A key's first word (its quote and first three bytes) picks, through
 * MATCH_FIRST, the keys to compare: the first, then each one's MATCH_NEXT.
 */
export const MATCH_FIRST = new Int32Array(256);
export const MATCH_NEXT = new Int32Array(BYTES.length);
/** Each key's length with quotes, and where its words and their offsets start in MATCH_WORDS/MATCH_OFFSETS. */
export const MATCH_LENGTH = new Int32Array(BYTES.length);
export const MATCH_AT = new Int32Array(BYTES.length + 1);
const words: number[] = [];
const offsets: number[] = [];

/** The MATCH_FIRST slot of a key's first word. */
export function matchSlot(word: number): number {
  return Math.imul(word, 0x9e3779b1) >>> 24;
}

// Each slot's chain holds its most frequent key first (counted on Claude Code transcripts): the order below.
for (let id = 1; id < BYTES.length; id++) {
  const bytes = BYTES[id] as Buffer;
  MATCH_LENGTH[id] = bytes.length;
  MATCH_AT[id] = words.length;
  for (let at = 0; ; at += 4) {
    const offset = Math.min(at, bytes.length - 4);
    words.push(bytes.readInt32LE(offset));
    offsets.push(offset);
    if (offset === bytes.length - 4) break;
  }
}
MATCH_AT[BYTES.length] = words.length;
export const MATCH_WORDS = Int32Array.from(words);
export const MATCH_OFFSETS = Int32Array.from(offsets);
for (const id of [
  Key.type,
  Key.content,
  Key.message,
  Key.timestamp,
  Key.id,
  Key.parentUuid,
  Key.isSidechain,
  Key.userType,
  Key.cwd,
  Key.sessionId,
  Key.version,
  Key.gitBranch,
  Key.role,
  Key.uuid,
  Key.model,
  Key.stopReason,
  Key.stopSequence,
  Key.usage,
  Key.inputTokens,
  Key.cacheWrite,
  Key.cacheRead,
  Key.cacheSplit,
  Key.fiveMinutes,
  Key.oneHour,
  Key.outputTokens,
  Key.serviceTier,
  Key.requestId,
  Key.name,
  Key.input,
  Key.toolUseId,
  Key.toolUseResult,
  Key.text,
  Key.filePath,
  Key.description,
  Key.command,
  Key.agentId,
  Key.thinking,
  Key.signature,
  Key.data,
  Key.toolUseID,
  Key.parentToolUseID,
  Key.subagentType,
  Key.serverTools,
  Key.webSearches,
  Key.speed,
  Key.geo,
].reverse()) {
  const slot = matchSlot(MATCH_WORDS[MATCH_AT[id] as number] as number);
  MATCH_NEXT[id] = MATCH_FIRST[slot] as number;
  MATCH_FIRST[slot] = id;
}
