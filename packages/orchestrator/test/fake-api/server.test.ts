import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeMessagesApi,
  type FakeMessagesApiOptions,
  messagesText,
  replySequence,
  startFakeMessagesApi,
  systemText,
} from "./server.js";

let fake: FakeMessagesApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeMessagesApiOptions = {}) {
  fake = await startFakeMessagesApi(options);
  return fake;
}

const post = (api: FakeMessagesApi, path: string, body: unknown) =>
  fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "k" },
    body: JSON.stringify(body),
  });

const ask = { model: "claude-haiku-5-5", max_tokens: 100, messages: [{ role: "user", content: "hi" }] };

describe("startFakeMessagesApi", () => {
  it("answers a non-streaming request with a whole message and records what it got", async () => {
    const api = await start({
      reply: () => ({ text: "hello", usage: { input_tokens: 3, output_tokens: 1 }, id: "msg_1" }),
    });
    const response = await post(api, "/v1/messages?beta=true", ask);
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    expect(await response.json()).toEqual({
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-haiku-5-5",
      content: [{ type: "text", text: "hello" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: {
        input_tokens: 3,
        output_tokens: 1,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
    const [recorded] = api.requests;
    expect(recorded).toMatchObject({
      method: "POST",
      path: "/v1/messages",
      query: { beta: "true" },
      status: 200,
    });
    expect(recorded?.headers["x-api-key"]).toBe("k");
    expect(recorded?.body).toEqual(ask);
  });

  it("streams SSE framed as the real API does, tool_use blocks as input_json_delta", async () => {
    const api = await start({
      reply: () => ({
        id: "msg_2",
        content: [
          { type: "text", text: "abcdef" },
          { type: "tool_use", id: "toolu_1", name: "Read", input: { file_path: "/a" } },
        ],
        chunkSize: 4, // {"file_path":"/a"} is 18 characters: 5 deltas
        usage: { input_tokens: 5, output_tokens: 9 },
      }),
    });
    const response = await post(api, "/v1/messages", { ...ask, stream: true });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const wire = await response.text();
    const frames = wire.split("\n\n").filter(Boolean);
    for (const frame of frames) expect(frame).toMatch(/^event: [a-z_]+\ndata: \{.*\}$/);
    const events = frames.map(
      (frame) => JSON.parse(frame.split("\ndata: ")[1] ?? "") as Record<string, unknown>,
    );
    expect(events.map((e) => e.type)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events[0]).toMatchObject({
      message: { id: "msg_2", content: [], stop_reason: null, usage: { input_tokens: 5, output_tokens: 1 } },
    });
    expect(events[3]).toEqual({
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: "abcd" },
    });
    expect(events[6]).toMatchObject({
      content_block: { type: "tool_use", id: "toolu_1", name: "Read", input: {} },
    });
    const json = events
      .slice(7, 12)
      .map((e) => (e.delta as { partial_json: string }).partial_json)
      .join("");
    expect(JSON.parse(json)).toEqual({ file_path: "/a" });
    expect(events[13]).toEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { output_tokens: 9 },
    });
  });

  it("sends errors in the API's shape, with the headers asked for", async () => {
    const api = await start({
      reply: () => ({ kind: "error", status: 529, headers: { "x-should-retry": "false" } }),
    });
    const response = await post(api, "/v1/messages", ask);
    expect(response.status).toBe(529);
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect(await response.json()).toMatchObject({
      type: "error",
      error: { type: "overloaded_error", message: "overloaded_error" },
    });
  });

  it("plays a conversation in order and repeats the last reply", async () => {
    const api = await start({ reply: replySequence([{ text: "one" }, { text: "two" }]) });
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const message = (await (await post(api, "/v1/messages", ask)).json()) as {
        content: Array<{ text: string }>;
      };
      texts.push(message.content[0]?.text ?? "");
    }
    expect(texts).toEqual(["one", "two", "two"]);
  });

  it("counts tokens, answers HEAD probes, and 404s other paths in the API's error shape", async () => {
    const api = await start();
    const counted = await post(api, "/v1/messages/count_tokens", ask);
    expect(await counted.json()).toEqual({ input_tokens: expect.any(Number) });
    expect((await fetch(`${api.url}/api/hello`, { method: "HEAD" })).status).toBe(200);
    const other = await fetch(`${api.url}/v1/models`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    expect(api.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /v1/messages/count_tokens 200",
      "HEAD /api/hello 200",
      "GET /v1/models 404",
    ]);
    expect(api.messageRequests()).toEqual([]);
  });

  it("extracts system and message text for assertions", () => {
    const body = {
      system: [
        { type: "text", text: "You are Claude Code." },
        { type: "text", text: "SYS" },
      ],
      messages: [
        { role: "user", content: [{ type: "text", text: "the prompt" }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "t", content: "file text" }] },
        { role: "system", content: "hook context" },
      ],
    };
    expect(systemText(body)).toBe("You are Claude Code.\nSYS");
    expect(messagesText(body)).toBe("the prompt\nfile text\nhook context");
  });
});
