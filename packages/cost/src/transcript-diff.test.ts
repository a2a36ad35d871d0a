import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scanTranscriptJsonParse } from "../test/json-parse-scanner.js";
import { oddTranscript, rng } from "../test/odd-lines.js";
import { type AgentRunEvent, agentCallEvents, agentEndEvents } from "./agent-run-events.js";
import { DEFAULT_AGENT_TYPE, type TranscriptEvents, type UsageRecord } from "./records.js";
import { type ScanContext, scanTranscript } from "./transcript.js";

type Scanner = typeof scanTranscript;

/** What a reader reports for one file, as the store keeps it. */
interface ReadOptions {
  runs: boolean;
  from: number;
  chunks: number[];
  /** The buffer ends where the file does (ScanContext.atEnd on the call that reaches it). */
  atEnd?: boolean;
}

function read(scanner: Scanner, buf: Buffer, opts: ReadOptions) {
  const records: UsageRecord[] = [];
  const calls: Array<[string, string]> = [];
  const links: Array<[string, string]> = [];
  const malformed: number[] = [];
  const runs: AgentRunEvent[] = [];
  const events: TranscriptEvents = {
    usage: (r) => void records.push(r),
    agentCall: (id, type) => void calls.push([id, type]),
    agentLink: (agent, tool) => void links.push([agent, tool]),
    malformed: (at) => void malformed.push(at),
    ...(opts.runs && { agentRun: (e: AgentRunEvent) => void runs.push(e) }),
  };
  // Chunked as a file source hands it over: a partial last line comes again with the next chunk.
  let pos = opts.from;
  for (const size of [...opts.chunks, buf.length]) {
    const stop = Math.min(buf.length, pos + size);
    const ctx: ScanContext = {
      file: "p/s.jsonl",
      project: "p",
      agentId: null,
      fileOffset: pos,
      atEnd: opts.atEnd === true && stop === buf.length,
    };
    pos = scanner(buf, pos, stop, ctx, events);
  }
  return { records, calls, links, malformed, runs: keptRuns(runs), end: pos };
}

/** Run events as a store keeps them: each call once, an end only for a known call, first copy wins. */
function keptRuns(events: AgentRunEvent[]) {
  const calls = new Map<string, AgentRunEvent>();
  const ends = new Map<string, AgentRunEvent>();
  for (const e of events) {
    if (e.kind === "call") {
      if (!calls.has(e.toolUseId)) calls.set(e.toolUseId, e);
    } else if (calls.has(e.toolUseId) && !ends.has(`${e.toolUseId}:${e.kind}`))
      ends.set(`${e.toolUseId}:${e.kind}`, e);
  }
  return { calls: [...calls.values()], ends: [...ends.values()] };
}

/**
 * The runs in the complete lines of `buf` from `from` on, every user line parsed: the JSON.parse reader parsed only
 * the user lines holding an end key, and so missed a background run's launch and a result without usage.
 */
function runsOfEveryLine(buf: Buffer, from: number) {
  const events: AgentRunEvent[] = [];
  const text = buf.toString("utf8", from, buf.lastIndexOf(0x0a) + 1);
  for (const raw of text.split("\n")) {
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      continue;
    }
    if (typeof line !== "object" || line === null || Array.isArray(line)) continue;
    const l = line as Record<string, unknown>;
    if (l.type === "user") events.push(...agentEndEvents(l));
    const m = l.message;
    // Calls as the JSON.parse reader read them: from the lines it parsed.
    const read = ['"output_tokens"', '"is_error":true', "<task-notification>"].some((k) => raw.includes(k));
    if (l.type === "assistant" && read && typeof m === "object" && m !== null && !Array.isArray(m))
      events.push(...agentCallEvents(m as Record<string, unknown>, l, "p", DEFAULT_AGENT_TYPE));
  }
  return keptRuns(events);
}

function same(buf: Buffer, opts: ReadOptions) {
  const walked = read(scanTranscript, buf, opts);
  const parsed = read(scanTranscriptJsonParse, buf, opts);
  if (opts.runs) parsed.runs = runsOfEveryLine(buf, opts.from);
  expect(walked).toEqual(parsed);
  return walked;
}

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures");
const fixtureFiles = readdirSync(fixtures, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".jsonl"))
  .map((f) => join(fixtures, f));

describe("the byte walk reports what the JSON.parse reader reported", () => {
  it.each(fixtureFiles.map((f) => [f.slice(fixtures.length + 1), f]))("fixture %s", (_, file) => {
    const buf = readFileSync(file);
    for (const runs of [false, true]) {
      const whole = same(buf, { runs, from: 0, chunks: [] });
      expect(whole.end).toBe(buf.length);
      // Read in small chunks, and from the middle of the file (a later run reading what was appended).
      same(buf, { runs, from: 0, chunks: [7, 300, 1000] });
      const mid = buf.indexOf(0x0a, Math.floor(buf.length / 2)) + 1;
      same(buf, { runs, from: mid, chunks: [] });
      // Its last line not yet terminated: counted the same as once it is, and left unconsumed.
      const open = same(buf.subarray(0, buf.length - 1), { runs, from: 0, chunks: [300], atEnd: true });
      expect(open.records).toEqual(whole.records);
      expect(open.end).toBe(buf.lastIndexOf(0x0a, buf.length - 2) + 1);
    }
  });

  it("on 250 seeded transcripts of odd and malformed lines, to the token and the malformed line", () => {
    let records = 0;
    let malformed = 0;
    let ends = 0;
    let lastLines = 0;
    for (let seed = 1; seed <= 250; seed++) {
      const buf = oddTranscript(seed, { lines: 60 });
      const r = rng(seed * 7919);
      const chunks = Array.from({ length: r.int(0, 3) }, () => r.int(1, buf.length));
      for (const runs of [false, true]) {
        const got = same(buf, { runs, from: 0, chunks });
        records += got.records.length;
        malformed += got.malformed.length;
        ends += got.runs.ends.length;
      }
      const mid = buf.indexOf(0x0a, r.int(0, buf.length - 1)) + 1;
      if (mid > 0) same(buf, { runs: true, from: mid, chunks });
      // Cut anywhere, or just before a newline, as a run may find a file mid-write.
      const nl = buf.indexOf(0x0a, r.int(0, buf.length - 1));
      for (const cut of [buf.subarray(0, r.int(1, buf.length)), buf.subarray(0, nl === -1 ? buf.length : nl)])
        for (const runs of [false, true]) {
          const open = same(cut, { runs, from: 0, chunks, atEnd: true });
          lastLines +=
            open.records.length - read(scanTranscript, cut, { runs, from: 0, chunks }).records.length;
        }
    }
    // The corpora exercise each path: requests, malformed lines, and ends of runs.
    expect(records).toBeGreaterThan(10_000);
    expect(malformed).toBeGreaterThan(1_000);
    expect(ends).toBeGreaterThan(100);
    // ... and whole unterminated last lines (counted in both passes above).
    expect(lastLines).toBeGreaterThan(100);
  });
});
