import { userMessage } from "@vextrus/errors";
import { execa } from "execa";
import { agentUsageFromApi, sumUsage } from "../coordination/usage.js";
import { VextrusOrchestratorError } from "../errors.js";
import {
  type AgentRunner,
  type AgentRunRequest,
  type AgentRunResult,
  type AgentUsage,
  resolveModel,
} from "../runner.js";

export const CLAUDE_CLI_RUNNER_NAME = "claude-cli";
/** How long a stopped run gets to exit after SIGTERM before SIGKILL. */
export const DEFAULT_KILL_GRACE_MS = 2000;
const STDERR_TAIL_CHARS = 2000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface ClaudeCliRunnerOptions {
  /** The `claude` executable: a path, or a name looked up on the child's PATH. Default "claude". */
  binary?: string;
  /** The project directory the agent works in (its CLAUDE.md, settings and files). Default: this process's. */
  cwd?: string;
  /** Variables for the child, e.g. ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, CLAUDE_CONFIG_DIR. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Whether the child also gets this process's environment (under `env`). Default true, since `claude` needs
   * PATH and HOME; false gives a sealed environment (then pass PATH and HOME in `env`).
   */
  inheritEnv?: boolean;
  /** Appended after the runner's own flags, e.g. `["--max-budget-usd", "0.50"]` or `["--tools", "Read"]`. */
  extraArgs?: readonly string[];
  /** Wall-clock limit of one run; the whole process tree is killed when it passes. Default: none. */
  timeoutMs?: number;
  /**
   * Pass `--bare` (default true): no hooks, plugins, CLAUDE.md discovery or auto-memory, so a run depends only on
   * its request and our own hooks do not fire inside the agents we start. Bare mode authenticates with
   * ANTHROPIC_API_KEY (or an apiKeyHelper in `--settings`) only: set false to use a Claude subscription login.
   */
  bare?: boolean;
  /**
   * `--permission-mode`; default "dontAsk": a tool call that would need approval is refused instead of waiting
   * for a person who is not there.
   */
  permissionMode?: "acceptEdits" | "auto" | "bypassPermissions" | "default" | "dontAsk" | "plan";
  /** How long a killed run may take to exit on SIGTERM before SIGKILL; default 2000 ms. */
  killGraceMs?: number;
  /** Monotonic milliseconds, for `durationMs`; default performance.now. */
  now?: () => number;
}

export interface ClaudeCliRunResult extends AgentRunResult {
  /** What Claude Code priced the run at (`total_cost_usd`), all models together; null when it said nothing. */
  costUsd: number | null;
  sessionId: string | null;
  numTurns: number | null;
  /** Usage per model (`modelUsage`): subagents and Claude Code's side calls may use other models than `model`. */
  byModel: Record<string, AgentUsage>;
  /** Claude Code's own `duration_ms`, without process start-up. */
  reportedDurationMs: number | null;
}

export interface ClaudeCliRunner extends AgentRunner {
  run(request: AgentRunRequest): Promise<ClaudeCliRunResult>;
}

/**
 * Runs one agent turn as headless Claude Code: `claude -p --output-format json --model <id> …`, the prompt on
 * stdin. Stdin rather than argv because a prompt can be larger than one argument may be (128 KiB on Linux), would
 * show in `ps`, and could be read as a flag when it starts with "-". No shell is involved.
 */
export function createClaudeCliRunner(options: ClaudeCliRunnerOptions = {}): ClaudeCliRunner {
  const binary = options.binary ?? "claude";
  const now = options.now ?? (() => performance.now());
  const secrets = Object.entries(options.env ?? {}).flatMap(([name, value]) =>
    value && value.length >= 8 && /KEY|TOKEN|SECRET|PASSWORD/i.test(name) ? [value] : [],
  );

  return {
    name: CLAUDE_CLI_RUNNER_NAME,
    async run(request: AgentRunRequest): Promise<ClaudeCliRunResult> {
      const model = resolveModel(request.model);
      const prefix = `${CLAUDE_CLI_RUNNER_NAME} ${model}:`;
      // No execa result as `cause`: it holds the whole unredacted stdout and stderr.
      const fail = (code: "RUNNER_FAILED" | "ABORTED" | "TIMEOUT", detail: string, cause?: unknown) =>
        new VextrusOrchestratorError(code, redact(`${prefix} ${detail}`, secrets), { cause });
      if (request.signal?.aborted) throw fail("ABORTED", "aborted by the caller");

      const started = now();
      const result = await execa(binary, buildArgs(model, request, options), {
        cwd: options.cwd,
        env: {
          ...options.env,
          // Claude Code has no flag for it; this variable sets max_tokens of its requests.
          ...(request.maxTokens === undefined
            ? {}
            : { CLAUDE_CODE_MAX_OUTPUT_TOKENS: String(request.maxTokens) }),
        },
        extendEnv: options.inheritEnv ?? true,
        input: request.prompt,
        timeout: options.timeoutMs,
        cancelSignal: request.signal,
        // `claude` is often a wrapper (a package manager's shell shim) whose child is the real process: kill the group.
        killDescendants: true,
        forceKillAfterDelay: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
        maxBuffer: MAX_OUTPUT_BYTES,
        reject: false,
      });
      const durationMs = Math.max(0, now() - started);
      const stderrTail = tail(String(result.stderr ?? ""));

      if (result.timedOut) throw fail("TIMEOUT", `no result within ${options.timeoutMs} ms; process killed`);
      if (result.isCanceled) throw fail("ABORTED", "aborted by the caller; process killed");
      // Neither an exit code nor a signal: the process never started (ENOENT, EACCES, a bad cwd).
      if (result.exitCode === undefined && result.signal === undefined) {
        throw fail("RUNNER_FAILED", `cannot run ${binary}: ${result.shortMessage ?? "spawn failed"}`, result);
      }

      const parsed = findResult(String(result.stdout ?? ""));
      if (parsed === undefined) {
        const how = result.signal ? `killed by ${result.signal}` : `exit ${result.exitCode}`;
        throw fail(
          "RUNNER_FAILED",
          `${how} without a JSON result${stderrTail ? `; stderr: ${stderrTail}` : ""}`,
        );
      }
      if (parsed.is_error === true || result.exitCode !== 0) {
        const status = num(parsed.api_error_status);
        const what = str(parsed.result) ?? strings(parsed.errors) ?? str(parsed.subtype) ?? "error";
        const detail = [status === null ? `exit ${result.exitCode}` : String(status), what].join(" ");
        throw fail("RUNNER_FAILED", `${detail}${stderrTail ? `; stderr: ${stderrTail}` : ""}`);
      }

      let byModel: Record<string, AgentUsage>;
      let usage: AgentUsage;
      try {
        byModel = modelUsageOf(parsed.modelUsage);
        usage = Object.keys(byModel).length > 0 ? sumUsage(Object.values(byModel)) : usageOf(parsed.usage);
      } catch (error) {
        // A count that is not a token count: the run's cost cannot be known, and is not guessed.
        throw fail("RUNNER_FAILED", `the result's ${userMessage(error)}`, error);
      }
      return {
        output: str(parsed.result) ?? "",
        usage,
        durationMs,
        model: mainModel(model, byModel),
        costUsd: num(parsed.total_cost_usd),
        sessionId: str(parsed.session_id),
        numTurns: num(parsed.num_turns),
        byModel,
        reportedDurationMs: num(parsed.duration_ms),
      };
    },
  };
}

function buildArgs(model: string, request: AgentRunRequest, options: ClaudeCliRunnerOptions): string[] {
  // `--flag=value` so a value starting with "-" (a system prompt may) is never read as another flag.
  const args = ["-p", "--output-format=json", `--model=${model}`];
  if (options.bare ?? true) args.push("--bare");
  args.push(`--permission-mode=${options.permissionMode ?? "dontAsk"}`);
  if (request.system !== undefined) args.push(`--append-system-prompt=${request.system}`);
  args.push(...(options.extraArgs ?? []));
  return args;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;
const str = (value: unknown): string | null => (typeof value === "string" && value.length > 0 ? value : null);
const strings = (value: unknown): string | null =>
  Array.isArray(value) && value.length > 0 ? value.map(String).join("; ") : null;

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}

function tail(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > STDERR_TAIL_CHARS ? `…${trimmed.slice(-STDERR_TAIL_CHARS)}` : trimmed;
}

/**
 * The `type: "result"` object of `--output-format json`: one object, or (with `--verbose`) an array of every
 * message. Falls back to the last line that parses, in case something printed before it.
 */
export function findResult(stdout: string): Json | undefined {
  const pick = (value: unknown): Json | undefined => {
    if (Array.isArray(value))
      return value.findLast((item): item is Json => isRecord(item) && item.type === "result");
    return isRecord(value) && value.type === "result" ? value : undefined;
  };
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  const whole = pick(parse(stdout.trim()));
  if (whole) return whole;
  const lines = stdout.split("\n").filter((line) => line.trim().length > 0);
  for (let i = lines.length - 1; i >= 0; i--) {
    const found = pick(parse(lines[i] ?? ""));
    if (found) return found;
  }
  return undefined;
}

/** `usage` of the result (the Messages API's snake_case shape). */
function usageOf(value: unknown): AgentUsage {
  return agentUsageFromApi(isRecord(value) ? value : {});
}

/** `modelUsage` of the result: Claude Code's camelCase totals per model, read by the same rule as `usage`. */
function modelUsageOf(value: unknown): Record<string, AgentUsage> {
  const out: Record<string, AgentUsage> = {};
  if (!isRecord(value)) return out;
  for (const [model, entry] of Object.entries(value)) {
    if (!isRecord(entry)) continue;
    out[model] = agentUsageFromApi({
      input_tokens: entry.inputTokens,
      output_tokens: entry.outputTokens,
      cache_creation_input_tokens: entry.cacheCreationInputTokens,
      cache_read_input_tokens: entry.cacheReadInputTokens,
      cache_creation: { ephemeral_1h_input_tokens: entry.cacheCreationEphemeral1hInputTokens },
    });
  }
  return out;
}

/** The requested model when it answered; otherwise (Claude Code chose another) the one that wrote the most. */
function mainModel(requested: string, byModel: Record<string, AgentUsage>): string {
  const entries = Object.entries(byModel);
  if (entries.length === 0 || byModel[requested]) return requested;
  return entries.reduce((best, entry) => (entry[1].output > best[1].output ? entry : best))[0];
}
