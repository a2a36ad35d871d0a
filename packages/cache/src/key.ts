import { hash } from "node:crypto";

/** Bumped whenever the entry format changes: entries of another version live in another namespace, never read. */
export const CACHE_SCHEMA_VERSION = 2;
export const CACHE_NAMESPACE = `vextrus:cache:v${CACHE_SCHEMA_VERSION}`;

export interface AgentInput {
  agentType: string;
  prompt: string;
  /** Anything else that changes the answer (model, effort, tools…); key order does not matter. */
  options?: Record<string, unknown>;
}

/** Runs of whitespace are one space and the ends are trimmed: re-indenting a prompt does not change its key. */
export function normalizePrompt(prompt: string): string {
  return prompt.replace(/\s+/g, " ").trim();
}

/** JSON with object keys sorted at every depth, so `{a, b}` and `{b, a}` give one key. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** sha256 of the agent type and the normalised input: the entry's key and its `input_hash`. */
export function inputHash(input: AgentInput): string {
  const material = canonicalJson([
    CACHE_SCHEMA_VERSION,
    input.agentType,
    normalizePrompt(input.prompt),
    input.options ?? {},
  ]);
  return hash("sha256", material, "hex");
}

/** One-shot `crypto.hash`: for the small inputs of a lookup it costs a fraction of a `createHash` object. */
export function sha256(data: Uint8Array | string): string {
  return hash("sha256", data, "hex");
}
