import { costOfRequest, type PriceBook, type TokenCounts } from "@vextrus/cost";
import * as z from "zod/mini";
import { VextrusMetricsError } from "./errors.js";

export type StartKind = "cold" | "cached";
export type GateStatus = "passed" | "failed" | "timed-out" | "cancelled" | "skipped";
export const GATE_STATUSES: readonly GateStatus[] = ["passed", "failed", "timed-out", "cancelled", "skipped"];

/** One subagent invocation. `costPico` is integer pico-dollars, as everywhere in Vextrus. */
export interface InvocationRecord {
  id: string;
  agentType: string;
  model: string;
  success: boolean;
  userCorrection: boolean;
  durationMs: number;
  tokens: TokenCounts;
  costPico: number;
  cacheHit: boolean;
  start: StartKind;
  sessionId: string;
  /** UTC, exactly as `Date.prototype.toISOString` writes it, so text order is time order (stores rely on it). */
  timestamp: string;
  failureMode?: string;
}

export interface GateRecord {
  gate: string;
  status: GateStatus;
  durationMs: number;
  timestamp: string;
}

// zod/mini: the same checks in a fraction of the load time of full zod (~5 ms less for a process that records one
// invocation and exits, such as the hooks). It ships no message locale, so messages are made in `describe`.
const count = z.int().check(z.nonnegative());
const nonEmpty = z.string().check(z.minLength(1));
const isoUtc = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, "expected toISOString() form"));

const tokensSchema = z.object({
  input: count,
  output: count,
  cacheWrite5m: count,
  cacheWrite1h: count,
  cacheRead: count,
});

export const invocationSchema = z.object({
  id: nonEmpty,
  agentType: nonEmpty,
  model: z.string(),
  success: z.boolean(),
  userCorrection: z.boolean(),
  durationMs: count,
  tokens: tokensSchema,
  costPico: z.int().check(z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER)),
  cacheHit: z.boolean(),
  start: z.enum(["cold", "cached"]),
  sessionId: z.string(),
  timestamp: isoUtc,
  failureMode: z.optional(nonEmpty),
});

export const gateSchema = z.object({
  gate: nonEmpty,
  status: z.enum(GATE_STATUSES as [GateStatus, ...GateStatus[]]),
  durationMs: count,
  timestamp: isoUtc,
});

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected === "int" ? "a whole number" : issue.expected}`;
    case "too_small":
      return issue.origin === "string" ? "expected a non-empty string" : `expected at least ${issue.minimum}`;
    case "too_big":
      return `expected at most ${issue.maximum}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return issue.message && issue.message !== "Invalid input"
        ? issue.message
        : issue.code.replace(/_/g, " ");
  }
}

function check<T>(schema: z.ZodMiniType<T>, records: readonly T[], what: string): void {
  for (let i = 0; i < records.length; i++) {
    const result = schema.safeParse(records[i]);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = [what, i, ...(issue?.path ?? [])].join(".");
      throw new VextrusMetricsError("RECORD_INVALID", `${path}: ${issue ? describe(issue) : "invalid"}`);
    }
  }
}

/** Throws a `RECORD_INVALID` error naming the first bad field (e.g. `invocations.3.tokens.input`). */
export function validateInvocations(records: readonly InvocationRecord[]): void {
  check(invocationSchema, records, "invocations");
}

export function validateGates(records: readonly GateRecord[]): void {
  check(gateSchema, records, "gates");
}

/** An invocation as a caller reports it: the cost may be left out, the time may be a Date or any ISO text. */
export type InvocationInput = Omit<InvocationRecord, "costPico" | "timestamp"> & {
  costPico?: number;
  timestamp: string | Date;
};

/**
 * Completes a reported invocation: normalizes the timestamp and, when no cost was given, prices the token mix
 * with the price book (one request's rates, so a long run is billed as Claude Code bills its requests only
 * approximately: the long-context tier is judged on the run's summed tokens).
 */
export function toInvocationRecord(input: InvocationInput, book: PriceBook): InvocationRecord {
  const date = input.timestamp instanceof Date ? input.timestamp : new Date(input.timestamp);
  if (Number.isNaN(date.getTime())) {
    throw new VextrusMetricsError(
      "RECORD_INVALID",
      `invocation ${input.id}: timestamp ${JSON.stringify(String(input.timestamp))} is not a date`,
    );
  }
  let costPico = input.costPico;
  if (costPico === undefined) {
    const pricing = book.resolve(input.model);
    if (!pricing) {
      throw new VextrusMetricsError(
        "MODEL_UNPRICED",
        `invocation ${input.id}: model "${input.model}" has no price; pass costPico or add the model to the price book overrides`,
      );
    }
    costPico = costOfRequest(input.tokens, pricing);
  }
  return { ...input, timestamp: date.toISOString(), costPico };
}
