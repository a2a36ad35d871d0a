import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeMessagesApi,
  type FakeMessagesApiOptions,
  messagesText,
  replySequence,
  startFakeMessagesApi,
  systemText,
} from "../../test/fake-api/server.js";
import { failure } from "../../test/orchestrator-error.js";
import type { AgentRunRequest } from "../runner.js";
import { type ClaudeCliRunnerOptions, createClaudeCliRunner, findResult } from "./claude-cli.js";

// The real Claude Code 2.1.332 of the devDependency, through the package manager's shell shim: the shim starts
// the actual binary as its child, which is what the process-group kill must reach.
const CLAUDE = resolve(import.meta.dirname, "../../node_modules/.bin/claude");
const API_KEY = "test-key-0123456789";

let fake: FakeMessagesApi | undefined;
let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "vextrus-claude-cli-"));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  rmSync(home, { recursive: true, force: true });
});

/** A runner whose `claude` sees only the fake: empty HOME and config dir, no update checks, telemetry or retries. */
async function setup(reply?: FakeMessagesApiOptions["reply"], over: ClaudeCliRunnerOptions = {}) {
  fake = await startFakeMessagesApi(reply ? { reply } : {});
  const runner = createClaudeCliRunner({
    binary: CLAUDE,
    cwd: home,
    inheritEnv: false,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      CLAUDE_CONFIG_DIR: join(home, ".claude"),
      ANTHROPIC_BASE_URL: fake.url,
      ANTHROPIC_API_KEY: API_KEY,
      DISABLE_AUTOUPDATER: "1",
      DISABLE_TELEMETRY: "1",
      DISABLE_ERROR_REPORTING: "1",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      // Claude Code retries 5xx/529 with backoff for minutes by default.
      CLAUDE_CODE_MAX_RETRIES: "0",
    },
    ...over,
  });
  return { api: fake, runner };
}

const request = (over: Partial<AgentRunRequest> = {}): AgentRunRequest => ({
  agent: "code-reviewer",
  model: "haiku",
  prompt: "Summarise the change. MARKER-7f3a",
  ...over,
});

/** Processes whose command line contains `marker` (Linux /proc; elsewhere nothing is checked). */
function processesWith(marker: string): number[] {
  if (!existsSync("/proc")) return [];
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("createClaudeCliRunner with the real claude binary against the fake Messages API", () => {
  it("round-trips a prompt: the model sees prompt, system prompt and max_tokens; output and usage come back", async () => {
    const { api, runner } = await setup(() => ({
      text: "One function renamed; no behaviour change.",
      usage: {
        input_tokens: 1500,
        output_tokens: 12,
        cache_creation_input_tokens: 700,
        cache_read_input_tokens: 300,
        cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 500 },
      },
    }));

    const result = await runner.run(request({ system: "- Be terse. SYS-MARK-91", maxTokens: 321 }));

    expect(runner.name).toBe("claude-cli");
    expect(result.output).toBe("One function renamed; no behaviour change.");
    expect(result.model).toBe("claude-haiku-5-5");
    expect(result.usage).toEqual({
      input: 1500,
      output: 12,
      cacheWrite5m: 200,
      cacheWrite1h: 500,
      cacheRead: 300,
    });
    expect(result.byModel).toEqual({ "claude-haiku-5-5": result.usage });
    expect(result.numTurns).toBe(1);
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    // Haiku 5.5: 1500 × 0.10 + 12 × 0.50 + 200 × 0.125 + 500 × 0.20 + 300 × 0.01 per million tokens.
    expect(result.costUsd).toBeCloseTo(0.000284, 9);
    expect(result.durationMs).toBeGreaterThan(0);

    // Claude Code made exactly one call, and it is the one we asked for.
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/messages"]);
    const [sent] = api.messageRequests();
    expect(sent?.headers["x-api-key"]).toBe(API_KEY);
    expect(sent?.body).toMatchObject({ model: "claude-haiku-5-5", max_tokens: 321, stream: true });
    expect(messagesText(sent?.body)).toContain("Summarise the change. MARKER-7f3a");
    expect(systemText(sent?.body)).toContain("- Be terse. SYS-MARK-91");
  });

  it("runs a tool-using conversation and sums the usage of every call", async () => {
    writeFileSync(join(home, "notes.txt"), "the answer is 42\n");
    const { api, runner } = await setup(
      replySequence([
        {
          content: [{ type: "tool_use", name: "Read", input: { file_path: join(home, "notes.txt") } }],
          usage: { input_tokens: 100, output_tokens: 20 },
        },
        {
          text: "The notes say 42.",
          usage: { input_tokens: 200, output_tokens: 7, cache_read_input_tokens: 30 },
        },
      ]),
    );

    const result = await runner.run(request({ prompt: "What do the notes say?" }));

    expect(result.output).toBe("The notes say 42.");
    expect(result.numTurns).toBe(2);
    expect(result.usage).toEqual({ input: 300, output: 27, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 30 });
    const second = api.messageRequests()[1];
    expect(messagesText(second?.body)).toContain("the answer is 42");
  });

  it("turns an API error into RUNNER_FAILED with the status and Claude Code's message, without the key", async () => {
    const { api, runner } = await setup(() => ({ kind: "error", status: 529, message: "Overloaded" }));
    const error = await failure(runner.run(request()));
    expect(error.code).toBe("RUNNER_FAILED");
    expect(error.message).toMatch(/claude-cli claude-haiku-5-5: 529 API Error: 529 Overloaded/);
    expect(error.message).not.toContain(API_KEY);
    expect(api.messageRequests()).toHaveLength(1);
  });

  it("turns a failing invocation into RUNNER_FAILED with the stderr tail", async () => {
    const { runner } = await setup(undefined, { extraArgs: ["--no-such-flag"] });
    const error = await failure(runner.run(request()));
    expect(error.code).toBe("RUNNER_FAILED");
    expect(error.message).toMatch(/exit 1 without a JSON result; stderr: .*no-such-flag/);
  });

  it("reports a binary that cannot start as RUNNER_FAILED", async () => {
    const { runner } = await setup(undefined, { binary: join(home, "no-such-claude") });
    const error = await failure(runner.run(request()));
    expect(error.code).toBe("RUNNER_FAILED");
    expect(error.message).toMatch(/cannot run .*no-such-claude/);
  });

  it("times out: TIMEOUT, and the whole process tree is killed", async () => {
    const sessionId = randomUUID();
    // Long enough for claude to start and send its request on a loaded CI machine (it took
    // over 3 s there); the model then hangs, so the run always ends at this bound.
    const { api, runner } = await setup(() => ({ kind: "hang" }), {
      timeoutMs: 20_000,
      extraArgs: ["--session-id", sessionId],
    });

    const error = await failure(runner.run(request()));

    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toMatch(/claude-cli claude-haiku-5-5: no result within 20000 ms/);
    // It timed out waiting on the model, and the model's connection went away with the process.
    expect(api.messageRequests()).toHaveLength(1);
    await expect.poll(() => api.messageRequests()[0]?.clientClosedEarly).toBe(true);
    expect(processesWith(sessionId)).toEqual([]);
  });

  it("aborts: ABORTED, and the process is killed", async () => {
    const sessionId = randomUUID();
    const controller = new AbortController();
    const { api, runner } = await setup(() => ({ kind: "hang", onHold: () => controller.abort() }), {
      extraArgs: ["--session-id", sessionId],
    });

    const error = await failure(runner.run(request({ signal: controller.signal })));

    expect(error.code).toBe("ABORTED");
    await expect.poll(() => api.messageRequests()[0]?.clientClosedEarly).toBe(true);
    expect(processesWith(sessionId)).toEqual([]);
  });

  it("does not start claude for an already aborted request", async () => {
    const { api, runner } = await setup();
    const error = await failure(runner.run(request({ signal: AbortSignal.abort() })));
    expect(error.code).toBe("ABORTED");
    expect(api.requests).toHaveLength(0);
  });
});

describe("findResult", () => {
  const result = { type: "result", subtype: "success", is_error: false, result: "hi" };

  it("reads the single object of --output-format json", () => {
    expect(findResult(`${JSON.stringify(result)}\n`)).toEqual(result);
  });

  it("reads the result out of the array --verbose prints", () => {
    const verbose = [{ type: "system", subtype: "init" }, { type: "assistant" }, result];
    expect(findResult(JSON.stringify(verbose))).toEqual(result);
  });

  it("skips lines printed before the result, and finds nothing in plain text", () => {
    expect(findResult(`warning: something\n${JSON.stringify(result)}\n`)).toEqual(result);
    expect(findResult("Error: unknown option\n")).toBeUndefined();
  });
});
