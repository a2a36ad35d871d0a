import type { ModelTier, ScoreOptions } from "@vextrus/complexity";
import { createPriceBook, type Pico, type PriceBook } from "@vextrus/cost";
import { VextrusOrchestratorError } from "../errors.js";
import { type AgentRunner, type AgentRunRequest, type AgentUsage, ZERO_USAGE } from "../runner.js";
import { abortPromise, isAbortError } from "./abort.js";
import { runCascade } from "./cascade.js";
import { createLimiter } from "./limiter.js";
import { chooseModel, type Rung, type TierModels } from "./model-ladder.js";
import { flattenPlan, type PlanNode, validatePlan } from "./plan.js";
import type { ReviewVerdict } from "./review-protocol.js";
import { priceUsage, sumUsage } from "./usage.js";

/**
 * succeeded: has an output. failed: every attempt on every rung failed. skipped: a child did not succeed, so
 * there was nothing to integrate. cancelled: the signal aborted before the node finished.
 */
export type NodeStatus = "succeeded" | "failed" | "skipped" | "cancelled";

/** One call of the runner for a node; a node has several with retries, escalation or a review. */
export interface NodeRun {
  /** The requested model (an alias or a full id). */
  model: string;
  role: "run" | "draft" | "review";
  /** 1-based, counted per model and role: 2 is the first retry. */
  attempt: number;
  ok: boolean;
  /** Zero for a failed run: a runner that rejects reports no usage. */
  usage: AgentUsage;
  costPico: Pico;
  /** False when the price book does not know the model; its cost is then unknown, not zero. */
  priced: boolean;
  durationMs: number;
  error?: unknown;
}

export interface NodeResult {
  id: string;
  agent: string;
  status: NodeStatus;
  tier: ModelTier | "pinned";
  /** The complexity score of the task; absent for pinned nodes. */
  score?: number;
  /** The model whose answer is `output` (the reviewer's when it revised); else the last model tried, if any. */
  model: string | undefined;
  /** Runner calls, failed ones included. */
  attempts: number;
  output: string | undefined;
  /** Present when the node ran the haiku-with-sonnet-review cascade to the end. */
  review?: { model: string; verdict: ReviewVerdict["kind"]; revised: boolean };
  /** The sum over `runs`: draft and review, and nothing for failed attempts. */
  usage: AgentUsage;
  costPico: Pico;
  /** From the first run's start to the node's end, on the injected clock; 0 when nothing ran. */
  durationMs: number;
  runs: NodeRun[];
  /** The last error, for failed nodes. */
  error?: unknown;
  children: NodeResult[];
}

export type HierarchyEvent =
  | { type: "node-start"; id: string; tier: ModelTier | "pinned"; model: string; at: number }
  | { type: "run-start"; id: string; model: string; role: NodeRun["role"]; attempt: number; at: number }
  | { type: "run-end"; id: string; run: NodeRun; at: number }
  | { type: "escalate"; id: string; from: string; to: string; at: number }
  | { type: "node-end"; id: string; status: NodeStatus; at: number };

export interface HierarchyOptions {
  runner: AgentRunner;
  /** Most runner calls in flight at once, over the whole tree; default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Default: the bundled price table. */
  priceBook?: PriceBook;
  /** Further attempts on the same model after a failure, before escalating; default 1. */
  retries?: number;
  /** Move to a stronger model (haiku → sonnet → opus) once the retries are spent; default true. */
  escalate?: boolean;
  /** Rules and thresholds for the complexity score (e.g. a `sonnet` threshold makes opus reachable). */
  complexity?: ScoreOptions;
  models?: TierModels;
  /** The prompt of a node from its task and its children's results; default `integrationPrompt`. */
  buildPrompt?: (node: PlanNode, children: readonly NodeResult[]) => string;
  /** Called synchronously; an exception thrown by it is ignored so observing cannot break a run. */
  onEvent?: (event: HierarchyEvent) => void;
  /** Milliseconds, monotonic; default `performance.now`. */
  now?: () => number;
}

export interface HierarchyResult {
  /** cancelled when the signal stopped any node; else the root's success or failure. */
  status: "succeeded" | "failed" | "cancelled";
  root: NodeResult;
  nodes: ReadonlyMap<string, NodeResult>;
  usage: AgentUsage;
  /** Integer pico-dollars; a lower bound when `unpricedModels` is not empty. */
  costPico: Pico;
  unpricedModels: string[];
  durationMs: number;
  /** The most runner calls that were in flight at once. */
  maxInFlight: number;
}

/** The task, then each child's result under a heading naming it, so the parent integrates them. */
export function integrationPrompt(node: PlanNode, children: readonly NodeResult[]): string {
  if (children.length === 0) return node.task;
  const parts = [node.task, "", "Results of the sub-tasks you delegated; integrate them into your answer."];
  for (const child of children) parts.push("", `### ${child.id} (${child.agent})`, child.output ?? "");
  return parts.join("\n");
}

let defaultBook: PriceBook | undefined;

function rungModel(rung: Rung): string {
  return rung.kind === "single" ? rung.model : rung.draft;
}

/**
 * Runs a plan tree bottom-up: a node starts once all its children succeeded, with their outputs in its prompt.
 * Runner calls share one limit of `concurrency`, queued deepest node first (Hu's highest-level-first order, which
 * is optimal for a tree of equal-length tasks). A failed run is retried `retries` times, then escalated to the
 * next stronger model. A failed node makes its ancestors `skipped` while its siblings carry on, since their
 * results still count for a re-run. Never rejects for a runner failure or an abort: the result says so.
 */
export async function runHierarchy(plan: PlanNode, options: HierarchyOptions): Promise<HierarchyResult> {
  validatePlan(plan);
  const retries = options.retries ?? 1;
  if (!Number.isInteger(retries) || retries < 0)
    throw new VextrusOrchestratorError(
      "CONFIG_INVALID",
      `retries: expected an integer ≥ 0, got ${String(retries)}`,
    );
  const limiter = createLimiter(options.concurrency ?? 4);
  defaultBook ??= createPriceBook();
  const book = options.priceBook ?? defaultBook;
  const now = options.now ?? (() => performance.now());
  const buildPrompt = options.buildPrompt ?? integrationPrompt;
  const { runner } = options;
  const signal = options.signal ?? new AbortController().signal;
  const emit = (event: HierarchyEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // See onEvent: a listener's bug must not turn into a failed node.
    }
  };
  const flat = flattenPlan(plan);
  const depthOf = new Map(flat.map(({ node, depth }) => [node, depth]));
  const nodes = new Map<string, NodeResult>();
  const startedAt = now();

  async function execute(node: PlanNode, children: NodeResult[]): Promise<NodeResult> {
    const result = unstartedResult(node, children, "cancelled");
    const blocked = children.find((child) => child.status !== "succeeded");
    if (signal.aborted || blocked?.status === "cancelled") return result;
    const choice = chooseModel(node, {
      ...(options.complexity && { complexity: options.complexity }),
      ...(options.models && { models: options.models }),
      escalate: options.escalate ?? true,
    });
    result.tier = choice.tier;
    if (choice.score !== undefined) result.score = choice.score;
    if (blocked) {
      result.status = "skipped";
      return result;
    }
    const firstRung = choice.rungs[0] as Rung;
    emit({ type: "node-start", id: node.id, tier: choice.tier, model: rungModel(firstRung), at: now() });
    const prompt = buildPrompt(node, children);
    const priority = depthOf.get(node) ?? 0;
    let firstRunAt: number | undefined;

    // One runner call with its retries, each holding a slot of the shared limit only while it runs.
    const runWithRetries = async (request: AgentRunRequest, role: NodeRun["role"]) => {
      let lastError: unknown;
      for (let attempt = 1; attempt <= retries + 1; attempt += 1) {
        emit({ type: "run-start", id: node.id, model: request.model, role, attempt, at: now() });
        const t0 = { at: 0 };
        const abort = abortPromise(signal, `run of plan node "${node.id}"`);
        try {
          const answer = await limiter.run(
            () => {
              t0.at = now();
              firstRunAt ??= t0.at;
              // Raced with the signal so a runner that ignores it cannot hold the tree after an abort.
              return Promise.race([runner.run({ ...request, signal }), abort.promise]);
            },
            { priority, signal },
          );
          const run: NodeRun = {
            model: request.model,
            role,
            attempt,
            ok: true,
            usage: answer.usage,
            ...priceUsage(answer.usage, answer.model || request.model, book),
            durationMs: now() - t0.at,
          };
          result.runs.push(run);
          emit({ type: "run-end", id: node.id, run, at: now() });
          return answer;
        } catch (error) {
          if (signal.aborted || isAbortError(error)) throw error;
          lastError = error;
          const run: NodeRun = {
            model: request.model,
            role,
            attempt,
            ok: false,
            usage: { ...ZERO_USAGE },
            costPico: 0n,
            priced: true,
            durationMs: now() - t0.at,
            error,
          };
          result.runs.push(run);
          emit({ type: "run-end", id: node.id, run, at: now() });
        } finally {
          abort.dispose();
        }
      }
      throw lastError;
    };

    const base = { agent: node.agent, prompt, ...(node.system !== undefined && { system: node.system }) };
    let previous: Rung | undefined;
    let lastError: unknown;
    try {
      for (const rung of choice.rungs) {
        if (previous)
          emit({ type: "escalate", id: node.id, from: rungModel(previous), to: rungModel(rung), at: now() });
        previous = rung;
        result.model = rungModel(rung);
        try {
          if (rung.kind === "single") {
            const answer = await runWithRetries({ ...base, model: rung.model }, "run");
            result.output = answer.output;
          } else {
            let step = 0;
            const cascade = await runCascade({
              ...base,
              draftModel: rung.draft,
              reviewModel: rung.review,
              runner: {
                name: `${runner.name} (retrying)`,
                run: (request) => runWithRetries(request, step++ === 0 ? "draft" : "review"),
              },
            });
            result.output = cascade.output;
            result.model = cascade.revised ? rung.review : rung.draft;
            result.review = { model: rung.review, verdict: cascade.verdict.kind, revised: cascade.revised };
          }
          result.status = "succeeded";
          return result;
        } catch (error) {
          if (signal.aborted || isAbortError(error)) {
            result.status = "cancelled";
            return result;
          }
          lastError = error;
        }
      }
      result.status = "failed";
      result.error = lastError;
      return result;
    } finally {
      result.attempts = result.runs.length;
      result.usage = sumUsage(result.runs.map((run) => run.usage));
      result.costPico = result.runs.reduce((sum, run) => sum + run.costPico, 0n);
      if (firstRunAt !== undefined) result.durationMs = now() - firstRunAt;
    }
  }

  async function settle(node: PlanNode): Promise<NodeResult> {
    const children = await Promise.all((node.children ?? []).map(settle));
    let result: NodeResult;
    try {
      result = await execute(node, children);
    } catch (error) {
      // Only a bug (in buildPrompt, say) lands here; it fails the node rather than leave the tree hanging.
      result = { ...unstartedResult(node, children, "failed"), error };
    }
    nodes.set(node.id, result);
    emit({ type: "node-end", id: node.id, status: result.status, at: now() });
    return result;
  }

  const root = await settle(plan);
  // Plan order (children first) rather than completion order, so the map reads the same on every run.
  const ordered = new Map<string, NodeResult>();
  for (const { node } of flat) {
    const result = nodes.get(node.id);
    if (result) ordered.set(node.id, result);
  }
  const all = [...ordered.values()];
  const unpriced = new Set<string>();
  for (const node of all) for (const run of node.runs) if (!run.priced) unpriced.add(run.model);
  const cancelled = all.some((node) => node.status === "cancelled");
  return {
    status: cancelled ? "cancelled" : root.status === "succeeded" ? "succeeded" : "failed",
    root,
    nodes: ordered,
    usage: sumUsage(all.map((node) => node.usage)),
    costPico: all.reduce((sum, node) => sum + node.costPico, 0n),
    unpricedModels: [...unpriced].sort(),
    durationMs: now() - startedAt,
    maxInFlight: limiter.maxActive,
  };
}

/** A node's result before (or without) any run. */
function unstartedResult(node: PlanNode, children: NodeResult[], status: NodeResult["status"]): NodeResult {
  return {
    id: node.id,
    agent: node.agent,
    status,
    tier: "pinned",
    model: undefined,
    attempts: 0,
    output: undefined,
    usage: { ...ZERO_USAGE },
    costPico: 0n,
    durationMs: 0,
    runs: [],
    children,
  };
}
