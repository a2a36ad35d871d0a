// One behavioural suite for every UsageStore (memory, SQLite, and any later backend), in the keyv manner:
// a backend's test file is a factory line and one call of this suite.
import { expect, type TestAPI } from "vitest";
import { ingestTranscripts } from "../src/ingest.js";
import { createMemoryTranscriptSource } from "../src/memory-source.js";
import type { UsageRecord } from "../src/records.js";
import type { UsageStore } from "../src/store.js";
import { assistantLine, lines, progressLine, taskCall } from "./lines.js";
import { usageRecord as record } from "./records.js";

export type StoreFactory = () => UsageStore | Promise<UsageStore>;

export function usageStoreSuite(it: TestAPI, make: StoreFactory): void {
  it("stores a record and reads it back unchanged", async () => {
    const store = await make();
    const r = record("m1:r1", 5, {
      speed: "fast",
      geo: "us",
      webSearches: 2,
      agentId: "a1",
      sidechain: true,
    });
    store.addUsage([r]);
    expect(store.usage()).toEqual([r]);
    store.close();
  });

  it("keeps the line with the largest output of a repeated message, whatever the order", async () => {
    const store = await make();
    store.addUsage([record("m1:r1", 1, { timestamp: "2026-11-20T10:00:01.000Z" })]);
    store.addUsage([record("m1:r1", 1502, { timestamp: "2026-11-20T10:00:03.000Z" })]);
    store.addUsage([record("m1:r1", 40, { timestamp: "2026-11-20T10:00:02.000Z" })]);
    expect(store.usage()).toEqual([record("m1:r1", 1502, { timestamp: "2026-11-20T10:00:03.000Z" })]);
    store.close();
  });

  it("keeps the agent id learnt from either copy of a subagent message", async () => {
    const store = await make();
    store.addUsage([record("m1:r1", 9, { agentId: "a1", sidechain: true })]);
    store.addUsage([record("m1:r1", 10)]);
    expect(store.usage()[0]).toMatchObject({ output: 10, agentId: "a1", sidechain: true });
    store.close();
  });

  it("filters by time window: from inclusive, to exclusive", async () => {
    const store = await make();
    for (const [k, ts] of [
      ["a", "2026-11-19T23:59:59.999Z"],
      ["b", "2026-11-20T00:00:00.000Z"],
      ["c", "2026-11-21T00:00:00.000Z"],
    ] as const) {
      store.addUsage([record(k, 1, { timestamp: ts })]);
    }
    const keys = store
      .usage({ from: "2026-11-20T00:00:00.000Z", to: "2026-11-21T00:00:00.000Z" })
      .map((r) => r.key);
    expect(keys).toEqual(["b"]);
    store.close();
  });

  it("sums hours into the groups hourGroup names (a row each), leaving out the hours it maps to null", async () => {
    const store = await make();
    const at = (t: string, key: string, output: number, extra: Partial<UsageRecord> = {}) =>
      record(key, output, { timestamp: `2026-11-${t}:00.000Z`, ...extra });
    store.addUsage([
      at("20T10:05", "m1:r1", 1),
      at("20T11:30", "m2:r2", 2),
      at("20T11:40", "m3:r3", 4, { model: "claude-haiku-4-5-20251001" }),
      at("20T23:10", "m4:r4", 8), // the hour mapped to null
      at("21T00:15", "m5:r5", 16),
    ]);
    const asked: string[] = [];
    const rows = store.rollups({
      by: ["hour"],
      fromHour: "2026-11-20T11",
      hourGroup: (hour) => {
        asked.push(hour);
        return hour.endsWith("T23") ? null : `day ${hour.slice(0, 10)}`;
      },
    });
    expect(asked.every((h) => h >= "2026-11-20T11")).toBe(true);
    const shape = rows
      .map((r) => [r.hour, r.model, r.requests, r.output, r.first, r.last])
      .sort((a, b) => String(a).localeCompare(String(b)));
    expect(shape).toEqual([
      [
        "day 2026-11-20",
        "claude-haiku-4-5-20251001",
        1,
        4,
        "2026-11-20T11:40:00.000Z",
        "2026-11-20T11:40:00.000Z",
      ],
      [
        "day 2026-11-20",
        "claude-sonnet-4-5-20250929",
        1,
        2,
        "2026-11-20T11:30:00.000Z",
        "2026-11-20T11:30:00.000Z",
      ],
      [
        "day 2026-11-21",
        "claude-sonnet-4-5-20250929",
        1,
        16,
        "2026-11-21T00:15:00.000Z",
        "2026-11-21T00:15:00.000Z",
      ],
    ]);
    // Two hours of one model and group: one row.
    store.addUsage([at("20T10:50", "m6:r6", 32), at("20T11:59", "m7:r7", 64)]);
    const day = store.rollups({ by: ["hour"], hourGroup: (hour) => hour.slice(0, 10) });
    const sonnet = day.filter((r) => r.hour === "2026-11-20" && r.model === "claude-sonnet-4-5-20250929");
    expect(sonnet.map((r) => [r.requests, r.output, r.first, r.last])).toEqual([
      [5, 1 + 2 + 8 + 32 + 64, "2026-11-20T10:05:00.000Z", "2026-11-20T23:10:00.000Z"],
    ]);
    store.close();
  });

  it("filters by time window within one batch too", async () => {
    const store = await make();
    store.addUsage(
      ["2026-11-19T23:59:59.999Z", "2026-11-20T00:00:00.000Z", "2026-11-21T00:00:00.000Z"].map((ts, i) =>
        record(`k${i}`, 1, { timestamp: ts }),
      ),
      "p/s.jsonl",
    );
    const keys = store
      .usage({ from: "2026-11-20T00:00:00.000Z", to: "2026-11-21T00:00:00.000Z" })
      .map((r) => r.key);
    expect(keys).toEqual(["k1"]);
    store.close();
  });

  it("keeps every request once across many small batches of one file (hooks ingest often)", async () => {
    const store = await make();
    for (let run = 0; run < 70; run++) {
      // Each run repeats the previous run's last message with more output, as a streamed message does.
      const batch = [record(`m${run}`, 1), record(`m${run + 1}`, 0), record("same", run)];
      store.transaction(() => store.addUsage(batch, "p/s.jsonl"));
    }
    const got = store.usage();
    expect(got).toHaveLength(72);
    expect(got.find((r) => r.key === "same")?.output).toBe(69);
    expect(got.filter((r) => r.key.startsWith("m")).every((r) => r.output === 1 || r.key === "m70")).toBe(
      true,
    );
    store.close();
  });

  it("keeps text exactly, whatever the characters", async () => {
    const store = await make();
    const odd = record('k:ü\\"x', 1, {
      project: "-home-zoë-项目",
      sessionId: "s\n1",
      model: "claude-\u0000",
    });
    store.addUsage([odd], "p/ü.jsonl");
    expect(store.usage()).toEqual([odd]);
    store.close();
  });

  it("resolves agent types: meta file first, else the parent's call through the progress link", async () => {
    const store = await make();
    store.addAgentCall("toolu_1", "code-reviewer");
    store.addAgentLink("a1", "toolu_1");
    store.addAgentLink("a2", "toolu_1");
    store.setAgentType("a2", "security-scan");
    store.addAgentLink("a3", "toolu_missing");
    expect(Object.fromEntries(store.agentTypes())).toEqual({ a1: "code-reviewer", a2: "security-scan" });
    store.close();
  });

  it("rolls a failed transaction back completely", async () => {
    const store = await make();
    store.addUsage([record("kept", 1)]);
    expect(() =>
      store.transaction(() => {
        store.addUsage([record("lost", 1)]);
        store.putFile("f", { ino: 1, size: 10, offset: 10, mtimeMs: 1, malformed: 0 });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(store.usage().map((r) => r.key)).toEqual(["kept"]);
    expect(store.getFile("f")).toBeUndefined();
    store.close();
  });

  it("gives every file's state at once (fileStates, where a store has it) as getFile gives each", async () => {
    const store = await make();
    store.putFile("p/a.jsonl", { ino: 7, size: 120, offset: 100, mtimeMs: 1_700_000_000_123, malformed: 2 });
    store.putFile("p/b.jsonl", { ino: 8, size: 5, offset: 5, mtimeMs: 1, malformed: 0 });
    store.putFile("p/a.jsonl", { ino: 7, size: 130, offset: 130, mtimeMs: 1_700_000_000_456, malformed: 2 });
    if (store.fileStates) {
      const all = store.fileStates();
      expect([...all.keys()].sort()).toEqual(["p/a.jsonl", "p/b.jsonl"]);
      for (const [path, state] of all) expect(state).toEqual(store.getFile(path));
    }
    expect(store.getFile("p/a.jsonl")).toEqual({
      ino: 7,
      size: 130,
      offset: 130,
      mtimeMs: 1_700_000_000_456,
      malformed: 2,
    });
    store.close();
  });

  it("keeps the time of the last full listing (listedAt, where a store has it), the last one set winning", async () => {
    const store = await make();
    if (store.listedAt && store.setListedAt) {
      expect(store.listedAt()).toBeUndefined();
      store.setListedAt(1_764_000_000_123);
      store.setListedAt(1_764_000_000_456);
      expect(store.listedAt()).toBe(1_764_000_000_456);
    }
    store.close();
  });

  it("keeps folder states (where a store has them): a change replaces one, null forgets it", async () => {
    const store = await make();
    if (store.folderStates && store.putFolderStates) {
      const a = {
        ino: 7,
        mtimeMs: 1_764_000_000_123.456,
        ctimeMs: 1_764_000_000_124.5,
        listedMs: 1_764_000_009_000,
      };
      store.putFolderStates(
        new Map([
          ["/p", { ...a, folders: ["-home-a", "-home-b"], files: [] }],
          ["/p/-home-a", { ...a, ino: 8, folders: [], files: ["s1.jsonl", "s é.jsonl"] }],
        ]),
      );
      store.putFolderStates(
        new Map([
          ["/p", { ...a, folders: ["-home-a"], files: [] }],
          ["/p/-home-b", null],
        ]),
      );
      expect(store.folderStates()).toEqual(
        new Map([
          ["/p", { ...a, folders: ["-home-a"], files: [] }],
          ["/p/-home-a", { ...a, ino: 8, folders: [], files: ["s1.jsonl", "s é.jsonl"] }],
        ]),
      );
    }
    store.close();
  });

  it("ingests incrementally: a re-run reads only appended bytes and never double counts", async () => {
    const store = await make();
    const files = new Map<string, string>();
    const path = "proj/s1.jsonl";
    files.set(path, lines(assistantLine({ id: "m1", output: 1 }), assistantLine({ id: "m2", output: 2 })));
    const source = createMemoryTranscriptSource(files);
    const first = ingestTranscripts({ source, store });
    expect(first).toMatchObject({
      filesRead: 1,
      usageLines: 2,
      bytesRead: Buffer.byteLength(files.get(path) ?? ""),
    });

    const again = ingestTranscripts({ source, store });
    expect(again).toMatchObject({ filesRead: 0, usageLines: 0, bytesRead: 0 });

    const appended = lines(assistantLine({ id: "m1", output: 900 }), assistantLine({ id: "m3", output: 3 }));
    files.set(path, files.get(path) + appended);
    const third = ingestTranscripts({ source, store });
    expect(third).toMatchObject({ filesRead: 1, usageLines: 2, bytesRead: Buffer.byteLength(appended) });
    expect(
      store
        .usage()
        .map((r) => [r.key, r.output])
        .sort(),
    ).toEqual([
      ["m1:req_m1", 900],
      ["m2:req_m2", 2],
      ["m3:req_m3", 3],
    ]);
    store.close();
  });

  it("counts a request once when its key comes again further on in the same file, the larger copy kept", async () => {
    // Ingest merges only adjacent lines of a streamed message; the store merges the rest by key.
    const store = await make();
    const files = new Map<string, string>();
    files.set(
      "p/s.jsonl",
      lines(
        assistantLine({ id: "m1", output: 5, input: 1 }),
        assistantLine({ id: "m1", output: 50, input: 2 }),
        assistantLine({ id: "m2", output: 7 }),
        progressLine({ id: "m1", output: 40, agentId: "a1", parentToolUseId: "t1" }),
        assistantLine({ id: "m2", output: 9 }),
        assistantLine({ id: "m1", output: 45, input: 3 }),
      ),
    );
    const result = ingestTranscripts({ source: createMemoryTranscriptSource(files), store });
    expect(result.usageLines).toBe(6);
    expect(
      store
        .usage()
        .map((r) => [r.key, r.input, r.output, r.agentId, r.sidechain])
        .sort(),
    ).toEqual([
      ["m1:req_m1", 2, 50, "a1", true],
      ["m2:req_m2", 0, 9, null, false],
    ]);
    expect(store.counts().records).toBe(2);
    const rows = store.rollups({ by: [] });
    expect(rows.reduce((n, r) => n + r.requests, 0)).toBe(2);
    expect(rows.reduce((n, r) => n + r.output, 0)).toBe(59);
    store.close();
  });

  it("waits for a line still being written, then counts it once it is complete", async () => {
    const store = await make();
    const files = new Map<string, string>();
    const full = assistantLine({ id: "m1", output: 7 });
    files.set("p/s.jsonl", full.slice(0, 30));
    const source = createMemoryTranscriptSource(files);
    expect(ingestTranscripts({ source, store }).usageLines).toBe(0);
    files.set("p/s.jsonl", `${full}\n`);
    expect(ingestTranscripts({ source, store }).usageLines).toBe(1);
    expect(store.usage().map((r) => r.output)).toEqual([7]);
    store.close();
  });

  it("counts a whole last line not yet terminated, and once only after its newline comes", async () => {
    const store = await make();
    const files = new Map<string, string>();
    const path = "p/s.jsonl";
    const head = lines(assistantLine({ id: "m1", output: 1 }));
    // The last line has no message id: it is keyed by its offset, which is the same when it is read again.
    const last = assistantLine({ id: "m2", output: 40 });
    const noId = assistantLine({ req: "r9", output: 3 });
    files.set(path, head + last);
    const source = createMemoryTranscriptSource(files);
    const outputs = () =>
      store
        .usage()
        .map((r) => [r.key, r.output])
        .sort();
    expect(ingestTranscripts({ source, store })).toMatchObject({ usageLines: 2, malformedLines: 0 });
    expect(outputs()).toEqual([
      ["m1:req_m1", 1],
      ["m2:req_m2", 40],
    ]);
    // The offset stays before the unterminated line, so the next run reads it again; the key keeps it once.
    expect(store.getFile(path)?.offset).toBe(Buffer.byteLength(head));
    expect(ingestTranscripts({ source, store })).toMatchObject({ filesRead: 1, usageLines: 1 });
    files.set(path, `${head + last}\n${noId}`);
    ingestTranscripts({ source, store });
    const noIdKey = `@${path}:${Buffer.byteLength(`${head + last}\n`)}`;
    expect(outputs()).toEqual(
      [
        [noIdKey, 3],
        ["m1:req_m1", 1],
        ["m2:req_m2", 40],
      ].sort(),
    );
    files.set(path, `${head + last}\n${noId}\n`);
    expect(ingestTranscripts({ source, store })).toMatchObject({ usageLines: 1, malformedLines: 0 });
    expect(outputs()).toEqual(
      [
        [noIdKey, 3],
        ["m1:req_m1", 1],
        ["m2:req_m2", 40],
      ].sort(),
    );
    expect(store.getFile(path)?.offset).toBe(Buffer.byteLength(files.get(path) ?? ""));
    expect(ingestTranscripts({ source, store })).toMatchObject({ filesRead: 0, usageLines: 0 });
    expect(store.counts().records).toBe(3);
    store.close();
  });

  it("neither counts nor calls malformed a half-written last line, then counts it whole", async () => {
    const store = await make();
    const files = new Map<string, string>();
    const path = "p/s.jsonl";
    const head = lines(assistantLine({ id: "m1", output: 1 }));
    const full = assistantLine({ id: "m2", output: 7 });
    const source = createMemoryTranscriptSource(files);
    for (const cut of [1, 30, full.length - 1]) {
      files.set(path, head + full.slice(0, cut));
      expect(ingestTranscripts({ source, store })).toMatchObject({ malformedLines: 0 });
      expect(store.usage().map((r) => r.key)).toEqual(["m1:req_m1"]);
      expect(store.getFile(path)).toMatchObject({ offset: Buffer.byteLength(head), malformed: 0 });
    }
    files.set(path, `${head + full}\n`);
    expect(ingestTranscripts({ source, store })).toMatchObject({ usageLines: 1, malformedLines: 0 });
    expect(store.usage().map((r) => [r.key, r.output])).toEqual([
      ["m1:req_m1", 1],
      ["m2:req_m2", 7],
    ]);
    store.close();
  });

  it("re-reads a replaced or truncated file from the start without double counting", async () => {
    const store = await make();
    const files = new Map<string, string>([["p/s.jsonl", lines(assistantLine({ id: "m1", output: 5 }))]]);
    const inodes = new Map([["p/s.jsonl", 1]]);
    const source = createMemoryTranscriptSource(files, inodes);
    ingestTranscripts({ source, store });
    inodes.set("p/s.jsonl", 2);
    files.set(
      "p/s.jsonl",
      lines(assistantLine({ id: "m1", output: 5 }), assistantLine({ id: "m2", output: 6 })),
    );
    expect(ingestTranscripts({ source, store })).toMatchObject({ filesReset: 1, usageLines: 2 });
    files.set("p/s.jsonl", lines(assistantLine({ id: "m9", output: 1 })));
    expect(ingestTranscripts({ source, store })).toMatchObject({ filesReset: 1, usageLines: 1 });
    expect(store.counts().records).toBe(3);
    store.close();
  });

  it("attributes subagent usage to the agent type from the meta file, or from the parent's Task call", async () => {
    const store = await make();
    const files = new Map<string, string>([
      [
        "p/s1.jsonl",
        lines(
          assistantLine({ id: "m1", content: taskCall("toolu_1", "backend-development") }),
          progressLine({ id: "sub1", agentId: "a1", parentToolUseId: "toolu_1", output: 3 }),
          assistantLine({ id: "m2", content: taskCall("toolu_2", "code-reviewer") }),
        ),
      ],
      ["p/s1/subagents/agent-a1.jsonl", lines(assistantLine({ id: "sub1", output: 3, sidechain: true }))],
      ["p/s1/subagents/agent-a2.jsonl", lines(assistantLine({ id: "sub2", output: 4, sidechain: true }))],
      [
        "p/s1/subagents/agent-a2.meta.json",
        JSON.stringify({ agentType: "code-reviewer", toolUseId: "toolu_2" }),
      ],
      ["p/s1/subagents/agent-a3.jsonl", lines(assistantLine({ id: "sub3", output: 5, sidechain: true }))],
    ]);
    ingestTranscripts({ source: createMemoryTranscriptSource(files), store });
    expect(Object.fromEntries(store.agentTypes())).toEqual({
      a1: "backend-development",
      a2: "code-reviewer",
    });
    const byKey = Object.fromEntries(store.usage().map((r) => [r.key, r.agentId]));
    expect(byKey).toEqual({
      "m1:req_m1": null,
      "m2:req_m2": null,
      "sub1:req_sub1": "a1",
      "sub2:req_sub2": "a2",
      "sub3:req_sub3": "a3",
    });
    store.close();
  });

  it("counts malformed lines per file and keeps the count across runs", async () => {
    const store = await make();
    const files = new Map([["p/s.jsonl", `garbage\n${assistantLine({ id: "m1" })}\n`]]);
    const source = createMemoryTranscriptSource(files);
    expect(ingestTranscripts({ source, store }).malformedLines).toBe(1);
    files.set("p/s.jsonl", `${files.get("p/s.jsonl")}{"torn":\n`);
    expect(ingestTranscripts({ source, store }).malformedLines).toBe(1);
    expect(store.counts()).toEqual({ records: 1, files: 1, malformed: 2 });
    store.close();
  });

  it("hands out what was stored after a position, resumable from any position it returned", async () => {
    const store = await make();
    const id = store.ledgerId();
    expect(store.changesSince(0, 10)).toEqual({ records: [], mark: 0 });
    store.addUsage([record("a", 1), record("b", 1)], "f1");
    store.addUsage([record("c", 1)], "f2");
    const first = store.changesSince(0, 2);
    expect(first.records.map((r) => r.key)).toEqual(["a", "b"]);
    const second = store.changesSince(first.mark, 2);
    expect(second.records.map((r) => r.key)).toEqual(["c"]);
    expect(store.changesSince(second.mark, 2).records).toEqual([]);
    // A grown message is stored again, so it comes again after the last position.
    store.addUsage([record("a", 9)], "f1");
    const third = store.changesSince(second.mark, 100);
    expect(third.records.map((r) => [r.key, r.output])).toEqual([["a", 9]]);
    expect(third.mark).toBeGreaterThan(second.mark);
    // Many small runs on one file (hooks ingest after every subagent): each request comes, none is skipped.
    for (let i = 0; i < 40; i++) store.addUsage([record(`n${i}`, 1)], "f3");
    const after = store.changesSince(third.mark, 1_000).records.map((r) => r.key);
    for (let i = 0; i < 40; i++) expect(after).toContain(`n${i}`);
    expect(store.ledgerId()).toBe(id);
    store.close();
  });
}
