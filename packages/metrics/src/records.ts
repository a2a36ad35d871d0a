import { costOfRequest, type Pico, type PriceBook, type TokenCounts } from "@vextrus/cost";
import { formatIssue } from "@vextrus/errors";
import * as z from "zod/mini";
import { VextrusMetricsError } from "./errors.js";

export type StartKind = "cold" | "cached";
/**
 * How a quality gate's run ended: the one definition, used by `@vextrus/orchestrator`'s gate results and by the
 * gate records stored here.
 */
export type GateStatus = "passed" | "failed" | "timed-out" | "cancelled" | "skipped";
export const GATE_STATUSES: readonly GateStatus[] = ["passed", "failed", "timed-out", "cancelled", "skipped"];

/** One subagent invocation. `costPico` is integer pico-dollars (`Pico`, a bigint), as everywhere in Vextrus. */
export interface InvocationRecord {
  id: string;
  agentType: string;
  model: string;
  success: boolean;
  userCorrection: boolean;
  durationMs: number;
  tokens: TokenCounts;
  costPico: Pico;
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
// invocation and exits, such as the hooks). It ships no message locale: `formatIssue` words its issues.
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
  // SQLite's INTEGER is 64 bits: about $9.2 million a record, far above any real request or run.
  costPico: z.bigint().check(z.nonnegative(), z.lte(2n ** 63n - 1n)),
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

function check<T>(schema: z.ZodMiniType<T>, records: readonly T[], what: string): void {
  for (let i = 0; i < records.length; i++) {
    const result = schema.safeParse(records[i]);
    if (!result.success) {
      const issue = result.error.issues[0];
      const line = issue ? formatIssue(issue, `${what}[${i}]`) : `${what}[${i}]: invalid`;
      throw new VextrusMetricsError("RECORD_INVALID", line);
    }
  }
}

/** Throws a `RECORD_INVALID` error naming the first bad field (e.g. `invocations[3].tokens.input`). */
export function validateInvocations(records: readonly InvocationRecord[]): void {
  check(invocationSchema, records, "invocations");
}

/**
 * Checks gate records before they are stored. Not `validateGates`: that is `@vextrus/orchestrator`'s check of
 * gate definitions before a run.
 */
export function validateGateRecords(records: readonly GateRecord[]): void {
  check(gateSchema, records, "gates");
}

/** An invocation as a caller reports it: the cost may be left out, the time may be a Date or any ISO text. */
export type InvocationInput = Omit<InvocationRecord, "costPico" | "timestamp"> & {
  costPico?: Pico;
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
