// The multi-process workload's values: deterministic, so the parent can recompute what each child wrote, and
// self-checking (each carries the sha256 of its body), so a reader can tell a whole value from a torn one.
// Imported by the child process through Node's type stripping: erasable TypeScript and node built-ins only.
import { createHash } from "node:crypto";

export interface Payload {
  proc: number;
  j: number;
  body: string;
  sha256: string;
}

/** Written by every process in turn: large, so a torn read or write would show. */
export const HOT_KEY = "hot";

export const keyFor = (proc: number, j: number): string => `p${proc}:k${j}`;

// Multi-byte characters included: a value cut inside one would not even be valid UTF-8.
const ALPHABET = ["a", "b", "c", "0", "9", " ", "é", "ß", "✓", "世", "🙂", "\n", '"', "\\"];

/** mulberry32: a small seeded generator, the same numbers in every process. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function payload(proc: number, j: number, seed: number, minChars: number, spanChars: number): Payload {
  const next = random(seed);
  const length = minChars + Math.floor(next() * spanChars);
  const chars: string[] = [];
  for (let i = 0; i < length; i++) chars.push(ALPHABET[Math.floor(next() * ALPHABET.length)] ?? "?");
  const body = chars.join("");
  return { proc, j, body, sha256: createHash("sha256").update(body).digest("hex") };
}

/** Entry `j` of process `proc`: 64 characters to 16 k. */
export const valueFor = (proc: number, j: number): Payload =>
  payload(proc, j, proc * 1_000_003 + j, 64, 16_384);

/** Round `j` of process `proc` on the hot key: 100 k to 200 k characters. */
export const hotValueFor = (proc: number, j: number): Payload =>
  payload(proc, j, 0x5eed + proc * 7919 + j, 100_000, 100_000);

/** Why `value` is not a whole payload (of `proc`/`j` when given), or null when it is. */
export function payloadProblem(value: unknown, proc?: number, j?: number): string | null {
  const v = value as Partial<Payload> | null;
  if (typeof v !== "object" || v === null || typeof v.body !== "string") return "not a payload";
  if (createHash("sha256").update(v.body).digest("hex") !== v.sha256) return "checksum mismatch";
  if (proc !== undefined && (v.proc !== proc || v.j !== j))
    return `payload of p${v.proc}/${v.j}, not p${proc}/${j}`;
  return null;
}
