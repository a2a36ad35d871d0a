import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assistantLine, lines, progressLine, taskCall, userLine } from "../test/lines.js";
import type { TranscriptEvents, UsageRecord } from "./records.js";
import { scanTranscript } from "./transcript.js";

function scan(text: string, ctx: { agentId?: string | null; fileOffset?: number; atEnd?: boolean } = {}) {
  const buf = Buffer.from(text);
  const records: UsageRecord[] = [];
  const calls: Array<[string, string]> = [];
  const links: Array<[string, string]> = [];
  const malformed: Array<[number, string]> = [];
  const events: TranscriptEvents = {
    usage: (r) => records.push(r),
    agentCall: (id, type) => calls.push([id, type]),
    agentLink: (agent, tool) => links.push([agent, tool]),
    malformed: (at, reason) => malformed.push([at, reason]),
  };
  const consumed = scanTranscript(
    buf,
    0,
    buf.length,
    {
      file: "p/s.jsonl",
      project: "p",
      agentId: ctx.agentId ?? null,
      fileOffset: ctx.fileOffset ?? 0,
      atEnd: ctx.atEnd ?? false,
    },
    events,
  );
  return { records, calls, links, malformed, consumed };
}

describe("scanTranscript", () => {
  it("reads usage, model, ids and time of assistant lines", () => {
    const { records } = scan(
      lines(
        assistantLine({ id: "m1", req: "r1", input: 10, output: 1502, write5m: 60, write1h: 40, read: 2000 }),
      ),
    );
    expect(records).toEqual([
      expect.objectContaining({
        key: "m1:r1",
        model: "claude-sonnet-4-5-20250929",
        sessionId: "s1",
        project: "p",
        timestamp: "2026-11-20T10:00:00.000Z",
        input: 10,
        output: 1502,
        cacheWrite5m: 60,
        cacheWrite1h: 40,
        cacheRead: 2000,
        agentId: null,
        sidechain: false,
      }),
    ]);
  });

  it("reports every line of a streamed message under one key, so the store can keep one", () => {
    const { records } = scan(
      lines(
        assistantLine({ id: "m1", req: "r1", output: 1 }),
        assistantLine({ id: "m1", req: "r1", output: 1502 }),
      ),
    );
    expect(records.map((r) => [r.key, r.output])).toEqual([
      ["m1:r1", 1],
      ["m1:r1", 1502],
    ]);
  });

  it("reads each line's own ids, model and session when the line before had others of the same length", () => {
    // The walk hands out a field's last string again when the bytes match (line-cursor.ts, recentString).
    const specs = [
      { id: "msg_a1", req: "req_x1", model: "claude-opus-4-5", session: "s-11", write1h: 7, webSearches: 2 },
      { id: "msg_a2", req: "req_x1", model: "claude-opus-4-5", session: "s-11" },
      { id: "msg_a2", req: "req_x2", model: "claude-opus-4-6", session: "s-12", write1h: 3 },
      { id: "nsg_a2", req: "req_x2", model: "claude-opus-4-6", session: "s-12" },
      { id: "msg_a2", req: "req_x2", model: "claude-opus-4-6", session: "s-12", webSearches: 1, write1h: 9 },
    ];
    const escaped = assistantLine({ id: "msg_a2", req: "req_x2", session: "s-12" }).replace(
      '"id":"msg_a2"',
      '"id":"msg_\\u0061\\u0032"',
    );
    // The usage objects nested in `usage` are read into reused objects: a later one without the count has none.
    const noSplit = assistantLine({ id: "msg_a3", req: "req_x3", session: "s-12", write5m: 5 }).replace(
      /"cache_creation":\{[^}]*\}/,
      '"cache_creation":{"ephemeral_5m_input_tokens":5}',
    );
    const { records } = scan(lines(...specs.map((s) => assistantLine(s)), noSplit, escaped));
    expect(records.map((r) => [r.key, r.model, r.sessionId, r.cacheWrite1h, r.webSearches])).toEqual([
      ["msg_a1:req_x1", "claude-opus-4-5", "s-11", 7, 2],
      ["msg_a2:req_x1", "claude-opus-4-5", "s-11", 0, 0],
      ["msg_a2:req_x2", "claude-opus-4-6", "s-12", 3, 0],
      ["nsg_a2:req_x2", "claude-opus-4-6", "s-12", 0, 0],
      ["msg_a2:req_x2", "claude-opus-4-6", "s-12", 9, 1],
      ["msg_a3:req_x3", "claude-sonnet-4-5-20250929", "s-12", 0, 0],
      ["msg_a2:req_x2", "claude-sonnet-4-5-20250929", "s-12", 0, 0],
    ]);
  });

  it("ignores `usage` inside strings and usage-like objects of user lines", () => {
    const tricky = userLine('{"usage":{"input_tokens":999}} "usage": in text', {
      toolUseResult: { usage: { input_tokens: 5, output_tokens: 4000 } },
    });
    const { records, malformed } = scan(lines(tricky, assistantLine({ id: "m1", output: 7 })));
    expect(records.map((r) => r.output)).toEqual([7]);
    expect(malformed).toEqual([]);
  });

  it("leaves a trailing partial line for later and returns where complete lines end", () => {
    const complete = lines(assistantLine({ id: "m1", output: 5 }));
    const partial = assistantLine({ id: "m2", output: 6 }).slice(0, 40);
    const { records, consumed } = scan(complete + partial);
    expect(records).toHaveLength(1);
    expect(consumed).toBe(Buffer.byteLength(complete));
  });

  it("at the file's end, counts a whole last line without its newline but leaves it unconsumed", () => {
    const complete = lines(assistantLine({ id: "m1", output: 5 }));
    const last = progressLine({
      id: "sub1",
      req: "rs1",
      agentId: "a1",
      parentToolUseId: "toolu_1",
      output: 9,
    });
    const { records, links, malformed, consumed } = scan(complete + last, { fileOffset: 100, atEnd: true });
    expect(records.map((r) => [r.key, r.output])).toEqual([
      ["m1:req_m1", 5],
      ["sub1:rs1", 9],
    ]);
    expect(links).toEqual([["a1", "toolu_1"]]);
    expect(malformed).toEqual([]);
    // The caller keeps the offset before it: the line is read again once terminated, under the same key.
    expect(consumed).toBe(Buffer.byteLength(complete));
    // Not at the file's end (a chunk boundary), the same bytes are only left for later.
    expect(scan(complete + last).records).toHaveLength(1);
  });

  it("at the file's end, neither counts nor calls malformed a half-written last line", () => {
    const complete = lines(assistantLine({ id: "m1", output: 5 }));
    const whole = assistantLine({ id: "m2", output: 6, content: taskCall("toolu_9", "reviewer") });
    // Every cut of the line, including one just before its closing brace.
    for (let cut = 1; cut < whole.length; cut++) {
      const { records, calls, malformed, consumed } = scan(complete + whole.slice(0, cut), { atEnd: true });
      expect(records.map((r) => r.key)).toEqual(["m1:req_m1"]);
      expect(calls).toEqual([]);
      expect(malformed).toEqual([]);
      expect(consumed).toBe(Buffer.byteLength(complete));
    }
    expect(scan(complete + whole, { atEnd: true }).calls).toEqual([["toolu_9", "reviewer"]]);
  });

  it("counts malformed lines (torn JSON, non-objects, bad token types) with their file offset and goes on", () => {
    const first = `${assistantLine({ id: "ok1", output: 1 })}\n`;
    const torn = '{"type":"assistant","message":{"usage":{"output_tokens":5,\n';
    const garbage = "not json\n";
    const badType = `${assistantLine({ id: "bad", output: 1 }).replace('"output_tokens":1', '"output_tokens":"1"')}\n`;
    const text = first + torn + garbage + badType + lines(assistantLine({ id: "ok2", output: 2 }), "", "   ");
    const { records, malformed } = scan(text, { fileOffset: 1000 });
    expect(records.map((r) => r.key)).toEqual(["ok1:req_ok1", "ok2:req_ok2"]);
    expect(malformed).toEqual([
      [1000 + first.length, "invalid JSON"],
      [1000 + first.length + torn.length, "not a JSON object"],
      [
        1000 + first.length + torn.length + garbage.length,
        'usage.output_tokens: expected a non-negative integer token count, got "1"',
      ],
    ]);
  });

  it("rejects a usage line without a valid timestamp as malformed", () => {
    const line = assistantLine({ id: "m1" }).replace("2026-11-20T10:00:00.000Z", "yesterday");
    const { records, malformed } = scan(lines(line));
    expect(records).toEqual([]);
    expect(malformed.map((m) => m[1])).toEqual(["missing or invalid timestamp"]);
  });

  it("takes a timestamp exactly when Date.parse reads it (the plain UTC form is checked without it)", () => {
    // Each field of Claude Code's form pushed around its limits (days 28-31, hour 24, month 13, a letter).
    const field = (a: number, b: number) =>
      fc.integer({ min: a, max: b }).map((n) => String(n).padStart(2, "0"));
    const stamp = fc
      .tuple(
        field(0, 13),
        field(0, 32),
        field(0, 25),
        field(0, 61),
        field(0, 61),
        fc.constantFrom("Z", "z", "+01:00"),
      )
      .map(([mo, d, h, mi, se, zone]) => `2026-${mo}-${d}T${h}:${mi}:${se}.123${zone}`);
    const odd = fc.constantFrom(
      "2026-1x-01T00:00:00.000Z",
      "2026-02-29T00:00:00.000Z",
      "2026-11-20 10:00:00Z",
    );
    fc.assert(
      fc.property(fc.oneof(stamp, odd), (ts) => {
        const { records } = scan(lines(assistantLine({ id: "m1", ts })));
        expect(records.length).toBe(Number.isNaN(Date.parse(ts)) ? 0 : 1);
      }),
    );
  });

  it("keys a message without requestId by its id, and one without id by its position", () => {
    const noReq = assistantLine({ id: "m1", req: null });
    const noId = assistantLine({ req: "r9" });
    const { records } = scan(lines(noReq, noId), { fileOffset: 50 });
    expect(records.map((r) => r.key)).toEqual(["m1:", `@p/s.jsonl:${50 + noReq.length + 1}`]);
  });

  it("reports Task and Agent calls with their subagent type (general-purpose when none is named)", () => {
    const { calls } = scan(
      lines(
        assistantLine({ id: "m1", content: taskCall("toolu_1", "backend-development") }),
        assistantLine({ id: "m2", content: taskCall("toolu_2", undefined, "Agent") }),
        assistantLine({ id: "m3", content: [{ type: "tool_use", id: "toolu_3", name: "Read", input: {} }] }),
      ),
    );
    expect(calls).toEqual([
      ["toolu_1", "backend-development"],
      ["toolu_2", "general-purpose"],
    ]);
  });

  it("reads subagent messages echoed in progress lines and links the agent to its Task call", () => {
    const { records, links } = scan(
      lines(
        progressLine({
          id: "sub1",
          req: "rs1",
          agentId: "a1",
          parentToolUseId: "toolu_1",
          output: 33,
          input: 4,
        }),
      ),
    );
    expect(links).toEqual([["a1", "toolu_1"]]);
    expect(records).toEqual([
      expect.objectContaining({ key: "sub1:rs1", agentId: "a1", sidechain: true, output: 33, input: 4 }),
    ]);
  });

  it("attributes lines of a subagent file to the agent named by the file", () => {
    const { records } = scan(lines(assistantLine({ id: "m1", sidechain: true })), { agentId: "a7" });
    expect(records[0]).toMatchObject({ agentId: "a7", sidechain: true });
  });

  it("reads speed, region and web searches", () => {
    const { records } = scan(lines(assistantLine({ id: "m1", speed: "fast", geo: "us", webSearches: 3 })));
    expect(records[0]).toMatchObject({ speed: "fast", geo: "us", webSearches: 3 });
  });

  it("caps the 1-hour share of cache writes at the cache-write total", () => {
    const line = assistantLine({ id: "m1", write5m: 0, write1h: 100 }).replace(
      '"cache_creation_input_tokens":100',
      '"cache_creation_input_tokens":40',
    );
    const { records } = scan(lines(line));
    expect(records[0]).toMatchObject({ cacheWrite5m: 0, cacheWrite1h: 40 });
  });

  it("read from a file's middle, reports a tool result's end only for a call still waiting or one of its own", () => {
    const result = (id: string) =>
      JSON.stringify({
        type: "user",
        sessionId: "s1",
        timestamp: "2026-11-20T10:05:00.000Z",
        message: { role: "user", content: [{ type: "tool_result", tool_use_id: id, content: "done" }] },
      });
    const text = lines(
      result("toolu_waiting"),
      result("toolu_answered"),
      assistantLine({ id: "m1", output: 5, content: taskCall("toolu_new", "Explore") }),
      result("toolu_new"),
    );
    const ends = (openCalls?: ReadonlySet<string>) => {
      const buf = Buffer.from(text);
      const ids: string[] = [];
      const events: TranscriptEvents = {
        usage: () => {},
        agentCall: () => {},
        agentLink: () => {},
        agentRun: (e) => void (e.kind === "result" && ids.push(e.toolUseId)),
        malformed: () => {},
      };
      const ctx = {
        file: "p/s.jsonl",
        project: "p",
        agentId: null,
        fileOffset: 4096,
        ...(openCalls && { openCalls }),
      };
      scanTranscript(buf, 0, buf.length, ctx, events);
      return ids;
    };
    expect(ends(new Set(["toolu_waiting"]))).toEqual(["toolu_waiting", "toolu_new"]);
    // Not told which calls wait: any result may answer one in the bytes before.
    expect(ends()).toEqual(["toolu_waiting", "toolu_answered", "toolu_new"]);
  });
});
