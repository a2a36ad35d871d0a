import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeMessagesApi,
  type FakeReply,
  type RecordedRequest,
  startFakeMessagesApi,
} from "../../test/fake-api/server.js";
import { failure } from "../../test/orchestrator-error.js";
import type { AgentRunRequest } from "../runner.js";
import { createAnthropicSdkRunner } from "./anthropic-sdk.js";

const API_KEY = "sk-ant-test-SECRET-0123456789";

let fake: FakeMessagesApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function withFake(reply?: (request: RecordedRequest) => FakeReply | Promise<FakeReply>) {
  fake = await startFakeMessagesApi(reply ? { reply } : {});
  return fake;
}

const request = (over: Partial<AgentRunRequest> = {}): AgentRunRequest => ({
  agent: "code-reviewer",
  model: "claude-sonnet-5-5",
  prompt: "Review this diff, please.",
  ...over,
});

describe("createAnthropicSdkRunner against the fake Messages API", () => {
  it("streams the answer and assembles its text from many deltas", async () => {
    const text = "Looks good overall; one nit: rename `x` to `count` in line 12.";
    const api = await withFake(() => ({ text, chunkSize: 3 }));
    const runner = createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url });

    const result = await runner.run(request());

    expect(runner.name).toBe("anthropic-sdk");
    expect(result.output).toBe(text);
    expect(result.model).toBe("claude-sonnet-5-5");
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const [sent] = api.messageRequests();
    expect(sent?.body).toMatchObject({
      stream: true,
      model: "claude-sonnet-5-5",
      messages: [{ role: "user", content: "Review this diff, please." }],
    });
    // The key reaches the API (this SDK version sends it as a bearer token), and only there.
    expect(`${sent?.headers.authorization} ${sent?.headers["x-api-key"]}`).toContain(API_KEY);
  });

  it("keeps only text blocks of a mixed answer", async () => {
    const api = await withFake(() => ({
      content: [
        { type: "text", text: "Checking. " },
        { type: "tool_use", name: "Read", input: { file_path: "/tmp/a.ts" } },
        { type: "text", text: "Done." },
      ],
    }));
    const result = await createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url }).run(request());
    expect(result.output).toBe("Checking. Done.");
  });

  it("maps usage, splitting 1-hour from 5-minute cache writes, and reports the model that answered", async () => {
    const api = await withFake(() => ({
      text: "ok",
      model: "claude-sonnet-5-5-20261101",
      usage: {
        input_tokens: 120,
        output_tokens: 45,
        cache_creation_input_tokens: 300,
        cache_read_input_tokens: 80,
        cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
      },
    }));
    const result = await createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url }).run(request());
    expect(result.usage).toEqual({
      input: 120,
      output: 45,
      cacheWrite5m: 100,
      cacheWrite1h: 200,
      cacheRead: 80,
    });
    expect(result.model).toBe("claude-sonnet-5-5-20261101");
  });

  it("counts all cache writes as 5-minute ones when the API gives no split", async () => {
    const api = await withFake(() => ({
      text: "ok",
      usage: {
        input_tokens: 1,
        output_tokens: 2,
        cache_creation_input_tokens: 30,
        cache_read_input_tokens: 4,
      },
    }));
    const result = await createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url }).run(request());
    expect(result.usage).toEqual({ input: 1, output: 2, cacheWrite5m: 30, cacheWrite1h: 0, cacheRead: 4 });
  });

  it("resolves model aliases before the request", async () => {
    const api = await withFake();
    const result = await createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url }).run(
      request({ model: "haiku" }),
    );
    expect(api.messageRequests()[0]?.body).toMatchObject({ model: "claude-haiku-5-5" });
    expect(result.model).toBe("claude-haiku-5-5");
  });

  it("sends the system prompt and max_tokens, defaulting max_tokens when the request has none", async () => {
    const api = await withFake();
    const runner = createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url, defaultMaxTokens: 2048 });
    await runner.run(request({ system: "You are a strict reviewer.", maxTokens: 512 }));
    await runner.run(request());
    const [first, second] = api.messageRequests();
    expect(first?.body).toMatchObject({ system: "You are a strict reviewer.", max_tokens: 512 });
    expect(second?.body).toMatchObject({ max_tokens: 2048 });
    expect(second?.body).not.toHaveProperty("system");
  });

  it("turns a 529 into RUNNER_FAILED naming runner, model and status, without the API key", async () => {
    // The fake echoes the credentials it received, as a careless proxy might: the key must still not leak.
    const api = await withFake((r) => ({
      kind: "error",
      status: 529,
      message: `Overloaded (got ${r.headers.authorization ?? r.headers["x-api-key"]})`,
    }));
    const runner = createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url, maxRetries: 0 });
    const error = await failure(runner.run(request({ model: "haiku" })));
    expect(error.code).toBe("RUNNER_FAILED");
    expect(error.message).toMatch(/anthropic-sdk claude-haiku-5-5: 529 Overloaded/);
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).toContain("[redacted]");
    expect(api.messageRequests()).toHaveLength(1);
  });

  it("retries a 500 with the SDK's policy, then fails with its status", async () => {
    const api = await withFake(() => ({
      kind: "error",
      status: 500,
      message: "Internal server error",
      headers: { "retry-after-ms": "1" },
    }));
    const runner = createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url, maxRetries: 2 });
    const error = await failure(runner.run(request()));
    expect(error.code).toBe("RUNNER_FAILED");
    expect(error.message).toMatch(/claude-sonnet-5-5: 500 Internal server error/);
    expect(api.messageRequests()).toHaveLength(3);
  });

  it("turns an error event inside the stream into RUNNER_FAILED", async () => {
    const api = await withFake(() => ({
      text: "partial answer",
      streamError: { type: "overloaded_error", message: "Overloaded mid-stream" },
    }));
    const runner = createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url, maxRetries: 0 });
    const error = await failure(runner.run(request()));
    expect(error.code).toBe("RUNNER_FAILED");
    expect(error.message).toContain("Overloaded mid-stream");
  });

  it("aborts mid-stream: ABORTED, and the connection is dropped", async () => {
    const controller = new AbortController();
    // message_start, content_block_start, ping, one text delta: then the fake holds the stream open.
    const api = await withFake(() => ({
      text: "a long answer that never finishes",
      holdAfterEvents: 4,
      onHold: () => controller.abort(),
    }));
    const runner = createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url });
    const error = await failure(runner.run(request({ signal: controller.signal })));
    expect(error.code).toBe("ABORTED");
    expect(error.message).toMatch(/anthropic-sdk claude-sonnet-5-5: aborted/);
    await expect.poll(() => api.messageRequests()[0]?.clientClosedEarly).toBe(true);
  });

  it("does not call the API for an already aborted request", async () => {
    const api = await withFake();
    const runner = createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: api.url });
    const error = await failure(runner.run(request({ signal: AbortSignal.abort() })));
    expect(error.code).toBe("ABORTED");
    expect(api.requests).toHaveLength(0);
  });

  it("turns a request that outlives timeoutMs into TIMEOUT", async () => {
    const api = await withFake(() => ({ kind: "hang" }));
    const runner = createAnthropicSdkRunner({
      apiKey: API_KEY,
      baseURL: api.url,
      timeoutMs: 200,
      maxRetries: 0,
    });
    const error = await failure(runner.run(request()));
    expect(error.code).toBe("TIMEOUT");
  });

  it("turns a refused connection into RUNNER_FAILED", async () => {
    const closed = await startFakeMessagesApi();
    await closed.close();
    const runner = createAnthropicSdkRunner({ apiKey: API_KEY, baseURL: closed.url, maxRetries: 0 });
    const error = await failure(runner.run(request()));
    expect(error.code).toBe("RUNNER_FAILED");
    expect(error.message).toMatch(/anthropic-sdk claude-sonnet-5-5: connection failed \(ECONNREFUSED\)/);
    expect(error.message).not.toContain(API_KEY);
  });

  it("refuses to start without a key rather than let the SDK look for one", () => {
    expect(() => createAnthropicSdkRunner({})).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringMatching(/apiKey/) }),
    );
  });
});
