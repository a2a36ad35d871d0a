import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One HTTP request as it reached the fake, kept so tests can assert what a client sent to the model. */
export interface RecordedRequest {
  /** Order of arrival over all paths, from 0. */
  seq: number;
  method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with ", " as node:http does. */
  headers: Record<string, string>;
  rawBody: string;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  body: unknown;
  /** How the fake answered: a status, or "hang" while a reply holds the connection open. */
  status: number | "hang";
  /** Set when the client went away before the fake finished its answer (an abort, a killed process). */
  clientClosedEarly: boolean;
}

export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  /** Sent only when given: the split of `cache_creation_input_tokens` by cache lifetime. */
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

export type FakeContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id?: string; name: string; input: Record<string, unknown> };

/** A successful assistant message; streamed as SSE when the request has `stream: true`, else one JSON body. */
export interface FakeMessageReply {
  kind?: "message";
  /** Shorthand for `content: [{ type: "text", text }]`. */
  text?: string;
  content?: FakeContentBlock[];
  /** Default: "tool_use" when a block is a tool_use, else "end_turn". */
  stopReason?: "end_turn" | "tool_use" | "max_tokens" | "stop_sequence" | "refusal" | "pause_turn";
  /** Missing fields default to: input ≈ request bytes / 4, output ≈ content chars / 4, caches 0. */
  usage?: Partial<FakeUsage>;
  /** Default: the request's `model` (the real API echoes the id it was asked for). */
  model?: string;
  id?: string;
  /** Characters per `text_delta` / `input_json_delta` when streaming; default 16. */
  chunkSize?: number;
  /** Pause before each SSE event, to make a stream slow enough to interrupt. */
  eventDelayMs?: number;
  /**
   * Streaming only: send this many SSE events, then hold the connection open without finishing
   * (until the client goes away or the server closes). `onHold` runs once those events are flushed,
   * which is the moment to abort a client "mid-stream" deterministically.
   */
  holdAfterEvents?: number;
  onHold?: () => void;
  /** Streaming only: after `holdAfterEvents` (or all content) events, send an SSE `error` event and end. */
  streamError?: { type: string; message: string };
  /** Extra response headers, e.g. the `anthropic-ratelimit-unified-*` ones a plan user's responses carry. */
  headers?: Record<string, string>;
}

/** An HTTP error in the Messages API's shape: `{ type: "error", error: { type, message }, request_id }`. */
export interface FakeErrorReply {
  kind: "error";
  status: number;
  /** Default from the status: 400 invalid_request_error, 401 authentication_error, 429 rate_limit_error, 529 overloaded_error, … */
  type?: string;
  message?: string;
  /** E.g. `{ "x-should-retry": "false" }` or `{ "retry-after": "0" }` to steer client retries. */
  headers?: Record<string, string>;
}

/** Never answer (headers are not even sent): for timeouts. The connection is dropped by `close()`. */
export interface FakeHangReply {
  kind: "hang";
  /** Runs once the request is held. */
  onHold?: () => void;
}

export type FakeReply = FakeMessageReply | FakeErrorReply | FakeHangReply;

export interface FakeMessagesApiOptions {
  /**
   * Answers each `POST /v1/messages` (and only that path). `request.body` is the parsed request.
   * Default: a one-block text message, "Hello from the fake Messages API.".
   */
  reply?: (request: RecordedRequest) => FakeReply | Promise<FakeReply>;
  /** Called for every request once recorded, e.g. to log paths while finding out what a client calls. */
  onRequest?: (request: RecordedRequest) => void;
}

export interface FakeMessagesApi {
  /** `http://127.0.0.1:<port>`, without a trailing slash: what ANTHROPIC_BASE_URL / `baseURL` take. */
  url: string;
  /** Every request received, in order, whatever its path. */
  requests: RecordedRequest[];
  /** Only the `POST /v1/messages` requests, in order. */
  messageRequests(): RecordedRequest[];
  /** Stops listening and drops open connections, held ones included. */
  close(): Promise<void>;
}

export const DEFAULT_FAKE_TEXT = "Hello from the fake Messages API.";

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

function randomId(prefix: string): string {
  return `${prefix}_fake${randomBytes(9).toString("hex")}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function field(body: unknown, name: string): unknown {
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function textsOf(value: unknown, parts: string[]): string[] {
  if (typeof value === "string") parts.push(value);
  else if (Array.isArray(value)) for (const item of value) textsOf(item, parts);
  else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.text === "string") parts.push(record.text);
    if (record.content !== undefined) textsOf(record.content, parts);
  }
  return parts;
}

/** The text of a Messages request's `system` (a string or text blocks), blocks joined by newlines. */
export function systemText(body: unknown): string {
  return textsOf(field(body, "system"), []).join("\n");
}

/**
 * The text the `messages` of a request carry (text blocks, tool results, Claude Code's `role: "system"` entries),
 * joined by newlines: for asserting that a prompt, a tool result or a hook's context reached the model.
 */
export function messagesText(body: unknown): string {
  return textsOf(field(body, "messages"), []).join("\n");
}

/** `systemText` and `messagesText` together: every piece of text the model was sent. */
export function requestText(body: unknown): string {
  return [systemText(body), messagesText(body)].join("\n");
}

/** Replies in order, one per `POST /v1/messages`; the last one repeats once the list is used up. */
export function replySequence(
  replies: readonly FakeReply[],
): (request: RecordedRequest) => FakeReply | Promise<FakeReply> {
  let next = 0;
  return () => {
    const reply = replies[Math.min(next, replies.length - 1)];
    next += 1;
    return reply ?? { text: DEFAULT_FAKE_TEXT };
  };
}

function contentOf(reply: FakeMessageReply): Required<FakeContentBlock>[] {
  const blocks = reply.content ?? [{ type: "text", text: reply.text ?? DEFAULT_FAKE_TEXT }];
  return blocks.map((block) =>
    block.type === "tool_use" ? { ...block, id: block.id ?? randomId("toolu") } : block,
  );
}

function usageOf(reply: FakeMessageReply, request: RecordedRequest, content: FakeContentBlock[]): FakeUsage {
  const chars = content.reduce(
    (sum, block) => sum + (block.type === "text" ? block.text.length : JSON.stringify(block.input).length),
    0,
  );
  const usage: FakeUsage = {
    input_tokens: reply.usage?.input_tokens ?? Math.max(1, Math.ceil(request.rawBody.length / 4)),
    output_tokens: reply.usage?.output_tokens ?? Math.max(1, Math.ceil(chars / 4)),
    cache_creation_input_tokens: reply.usage?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: reply.usage?.cache_read_input_tokens ?? 0,
  };
  if (reply.usage?.cache_creation) usage.cache_creation = reply.usage.cache_creation;
  return usage;
}

function chunks(text: string, size: number): string[] {
  if (text.length === 0) return [""];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The SSE events of one message, in the order and shape the real API sends them. */
function streamEvents(
  message: Record<string, unknown>,
  content: Required<FakeContentBlock>[],
  usage: FakeUsage,
  stopReason: string,
  chunkSize: number,
): Array<{ event: string; data: unknown }> {
  const events: Array<{ event: string; data: unknown }> = [];
  // The real message_start carries the input side of usage and a provisional output count.
  const startUsage = { ...usage, output_tokens: Math.min(1, usage.output_tokens) };
  events.push({
    event: "message_start",
    data: {
      type: "message_start",
      message: { ...message, content: [], stop_reason: null, usage: startUsage },
    },
  });
  content.forEach((block, index) => {
    if (block.type === "text") {
      events.push({
        event: "content_block_start",
        data: { type: "content_block_start", index, content_block: { type: "text", text: "" } },
      });
      if (index === 0) events.push({ event: "ping", data: { type: "ping" } });
      for (const piece of chunks(block.text, chunkSize)) {
        events.push({
          event: "content_block_delta",
          data: { type: "content_block_delta", index, delta: { type: "text_delta", text: piece } },
        });
      }
    } else {
      events.push({
        event: "content_block_start",
        data: {
          type: "content_block_start",
          index,
          content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
        },
      });
      if (index === 0) events.push({ event: "ping", data: { type: "ping" } });
      for (const piece of chunks(JSON.stringify(block.input), chunkSize)) {
        events.push({
          event: "content_block_delta",
          data: {
            type: "content_block_delta",
            index,
            delta: { type: "input_json_delta", partial_json: piece },
          },
        });
      }
    }
    events.push({ event: "content_block_stop", data: { type: "content_block_stop", index } });
  });
  events.push({
    event: "message_delta",
    data: {
      type: "message_delta",
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: usage.output_tokens },
    },
  });
  events.push({ event: "message_stop", data: { type: "message_stop" } });
  return events;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "request-id": randomId("req"),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, reply: FakeErrorReply): void {
  const type =
    reply.type ?? ERROR_TYPES[reply.status] ?? (reply.status >= 500 ? "api_error" : "invalid_request_error");
  const requestId = randomId("req");
  sendJson(
    res,
    reply.status,
    { type: "error", error: { type, message: reply.message ?? type }, request_id: requestId },
    { "request-id": requestId, ...reply.headers },
  );
}

/**
 * A fake Anthropic Messages API on 127.0.0.1 (random port) for tests: `@anthropic-ai/sdk` and the real
 * `claude` CLI both run against it through their base URL. See README.md beside this file.
 */
export async function startFakeMessagesApi(options: FakeMessagesApiOptions = {}): Promise<FakeMessagesApi> {
  const requests: RecordedRequest[] = [];
  const reply: NonNullable<FakeMessagesApiOptions["reply"]> =
    options.reply ?? (() => ({ text: DEFAULT_FAKE_TEXT }));
  let closing = false;

  const answerMessages = async (recorded: RecordedRequest, res: ServerResponse) => {
    const scripted = await reply(recorded);
    if (scripted.kind === "error") {
      recorded.status = scripted.status;
      sendError(res, scripted);
      return;
    }
    if (scripted.kind === "hang") {
      recorded.status = "hang";
      scripted.onHold?.();
      return;
    }
    const content = contentOf(scripted);
    const usage = usageOf(scripted, recorded, content);
    const requestedModel = field(recorded.body, "model");
    const model = scripted.model ?? (typeof requestedModel === "string" ? requestedModel : "claude-fake");
    const stopReason =
      scripted.stopReason ?? (content.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn");
    const message = {
      id: scripted.id ?? randomId("msg"),
      type: "message",
      role: "assistant",
      model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage,
    };
    if (field(recorded.body, "stream") !== true) {
      recorded.status = 200;
      sendJson(res, 200, message, scripted.headers);
      return;
    }

    recorded.status = 200;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
      "request-id": randomId("req"),
      ...scripted.headers,
    });
    const events = streamEvents(message, content, usage, stopReason, scripted.chunkSize ?? 16);
    const limit = scripted.holdAfterEvents ?? (scripted.streamError ? events.length - 2 : events.length);
    for (const { event, data } of events.slice(0, limit)) {
      if (scripted.eventDelayMs) await sleep(scripted.eventDelayMs);
      if (res.destroyed || closing) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    }
    if (scripted.streamError) {
      const data = { type: "error", error: scripted.streamError };
      res.end(`event: error\ndata: ${JSON.stringify(data)}\n\n`);
      return;
    }
    if (scripted.holdAfterEvents !== undefined) {
      recorded.status = "hang";
      scripted.onHold?.();
      return;
    }
    res.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rawBody = await readBody(req);
    const recorded: RecordedRequest = {
      seq: requests.length,
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req),
      rawBody,
      body: parseJson(rawBody),
      status: 404,
      clientClosedEarly: false,
    };
    requests.push(recorded);
    res.on("close", () => {
      if (!res.writableFinished) recorded.clientClosedEarly = true;
    });
    options.onRequest?.(recorded);

    if (recorded.method === "POST" && recorded.path === "/v1/messages") {
      await answerMessages(recorded, res);
      return;
    }
    if (recorded.method === "POST" && recorded.path === "/v1/messages/count_tokens") {
      // Claude Code counts tokens of tool lists and attachments; a rough count keeps it going.
      recorded.status = 200;
      sendJson(res, 200, { input_tokens: Math.max(1, Math.ceil(rawBody.length / 4)) });
      return;
    }
    if (recorded.method === "HEAD") {
      // Reachability probes (Claude Code sends `HEAD /api/hello` unless non-essential traffic is disabled).
      recorded.status = 200;
      res.writeHead(200, { "request-id": randomId("req") });
      res.end();
      return;
    }
    // Anything else (model lists, account or feature endpoints a client probes): a 404 in the API's error
    // shape, which clients treat as "not available here" and move on.
    recorded.status = 404;
    sendError(res, { kind: "error", status: 404, message: `fake Messages API: no route ${recorded.path}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, { kind: "error", status: 500, message: `fake Messages API: ${String(error)}` });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messageRequests: () => requests.filter((r) => r.method === "POST" && r.path === "/v1/messages"),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
