import { Anthropic, APIConnectionTimeoutError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import { agentUsageFromApi } from "../coordination/usage.js";
import { VextrusOrchestratorError } from "../errors.js";
import { type AgentRunner, type AgentRunRequest, type AgentRunResult, resolveModel } from "../runner.js";

export const ANTHROPIC_SDK_RUNNER_NAME = "anthropic-sdk";
export const DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com";
export const DEFAULT_MAX_TOKENS = 8192;

export interface AnthropicSdkRunnerOptions {
  /**
   * The API key. Required unless `client` is given: the runner never falls back to ANTHROPIC_API_KEY, profiles
   * or other credentials the SDK would look up on its own, so which key pays is always the caller's choice.
   */
  apiKey?: string;
  /** Default https://api.anthropic.com, passed explicitly so the SDK does not read ANTHROPIC_BASE_URL. */
  baseURL?: string;
  /**
   * A ready client (custom fetch, middleware, credentials chain, Bedrock/Vertex). Then `apiKey`, `baseURL`,
   * `maxRetries` and `timeoutMs` are ignored; such a client reads the environment as the SDK documents.
   */
  client?: Anthropic;
  /** `max_tokens` when the request names none; default 8192. */
  defaultMaxTokens?: number;
  /** Retries of 408/409/429/5xx and connection errors, with the SDK's backoff; default 2 (the SDK's). */
  maxRetries?: number;
  /** Per attempt; exceeding it is a TIMEOUT error. Default: the SDK's 10 minutes. */
  timeoutMs?: number;
  /** Monotonic milliseconds, for `durationMs`; default performance.now. */
  now?: () => number;
}

/**
 * Runs one agent turn against the Messages API with `@anthropic-ai/sdk`, streaming (long outputs would hit the
 * SDK's non-streaming time limit otherwise), and returns the text of the answer with its usage. Key and host come
 * only from the options; the SDK still reads a few variables of its own (ANTHROPIC_LOG, ANTHROPIC_CUSTOM_HEADERS,
 * OpenTelemetry settings).
 */
export function createAnthropicSdkRunner(options: AnthropicSdkRunnerOptions): AgentRunner {
  const client = options.client ?? buildClient(options);
  const defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS;
  const now = options.now ?? (() => performance.now());
  const secrets = options.apiKey ? [options.apiKey] : [];

  return {
    name: ANTHROPIC_SDK_RUNNER_NAME,
    async run(request: AgentRunRequest): Promise<AgentRunResult> {
      const model = resolveModel(request.model);
      const started = now();
      if (request.signal?.aborted) throw aborted(model);
      try {
        const stream = client.messages.stream(
          {
            model,
            max_tokens: request.maxTokens ?? defaultMaxTokens,
            messages: [{ role: "user", content: request.prompt }],
            ...(request.system === undefined ? {} : { system: request.system }),
          },
          request.signal ? { signal: request.signal } : {},
        );
        const message = await stream.finalMessage();
        const output = message.content
          .flatMap((block) => (block.type === "text" ? [block.text] : []))
          .join("");
        return {
          output,
          usage: agentUsageFromApi(message.usage),
          durationMs: Math.max(0, now() - started),
          model: message.model || model,
        };
      } catch (error) {
        throw toRunnerError(error, model, request.signal, secrets);
      }
    },
  };
}

function buildClient(options: AnthropicSdkRunnerOptions): Anthropic {
  if (!options.apiKey) {
    throw new VextrusOrchestratorError(
      "CONFIG_INVALID",
      "createAnthropicSdkRunner: apiKey: expected a non-empty string (or pass a ready `client`)",
    );
  }
  return new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? DEFAULT_ANTHROPIC_BASE_URL,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
}

function aborted(model: string, cause?: unknown): VextrusOrchestratorError {
  return new VextrusOrchestratorError(
    "ABORTED",
    `${ANTHROPIC_SDK_RUNNER_NAME} ${model}: aborted by the caller`,
    {
      cause,
    },
  );
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}

/** The errno code (ECONNREFUSED, ENOTFOUND…) somewhere down a fetch error's cause chain. */
function errnoCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = current.cause;
  }
  return undefined;
}

function toRunnerError(
  error: unknown,
  model: string,
  signal: AbortSignal | undefined,
  secrets: readonly string[],
): VextrusOrchestratorError {
  // An abort can surface as a user-abort error or as whatever the interrupted read threw.
  if (error instanceof APIUserAbortError || signal?.aborted) return aborted(model, error);
  const prefix = `${ANTHROPIC_SDK_RUNNER_NAME} ${model}:`;
  if (error instanceof APIConnectionTimeoutError) {
    return new VextrusOrchestratorError("TIMEOUT", `${prefix} no answer within the request timeout`, {
      cause: error,
    });
  }
  let detail: string;
  if (error instanceof APIError && error.status !== undefined) {
    const requestId = error.requestID ? ` (request ${error.requestID})` : "";
    detail = `${error.status} ${error.apiMessage ?? error.message}${requestId}`;
  } else if (error instanceof APIError) {
    const code = errnoCode(error.cause);
    detail = `connection failed${code ? ` (${code})` : ""}: ${error.message}`;
  } else {
    detail = error instanceof Error ? error.message : String(error);
  }
  return new VextrusOrchestratorError("RUNNER_FAILED", redact(`${prefix} ${detail}`, secrets), {
    cause: error,
  });
}
