// The keys a line walk reads, told apart by length and first byte before one comparison.
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
 * The key most lines hold of those starting with each byte (counted on Claude Code transcripts), its bytes with
 * quotes, and its Key; an empty array for a byte no key starts with. The walk compares it while finding the key's
 * end, so the usual keys take one pass.
 */
export const LIKELY: Buffer[] = Array.from({ length: 256 }, () => BYTES[0] as Buffer);
/** LIKELY's lengths: a typed array's length is read as a float, an array's element as a small integer. */
export const LIKELY_LENGTH: number[] = Array.from({ length: 256 }, () => 0);
export const LIKELY_KEY: Key[] = Array.from({ length: 256 }, () => Key.Other);

for (const id of [
  Key.type,
  Key.message,
  Key.requestId,
  Key.sessionId,
  Key.id,
  Key.content,
  Key.usage,
  Key.outputTokens,
  Key.oneHour,
  Key.name,
  Key.data,
  Key.agentId,
  Key.parentToolUseID,
  Key.webSearches,
]) {
  const bytes = BYTES[id] as Buffer;
  LIKELY[bytes[1] as number] = bytes;
  LIKELY_LENGTH[bytes[1] as number] = bytes.length;
  LIKELY_KEY[bytes[1] as number] = id;
}
