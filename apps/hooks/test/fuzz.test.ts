import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { openSqliteUsageStore } from "@vextrus/cost/node";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { handleHook } from "../src/handle.js";
import {
  assertBuilt,
  assistantLine,
  completedResponse,
  NOW,
  runHookProcess,
  sandbox,
  toolUse,
} from "./harness.js";
import { invocation, invocations, seedMetrics, seedUsage, usageRecord, withCache } from "./stores.js";

// 1,000 malformed or hostile inputs through handleHook, and 100 through the real process, against a state folder
// seeded with one record in each store. Whatever comes in: exit 0, a few stderr lines and no stack trace, stdout
// empty or JSON; the stores keep what they held, and nothing is written outside the temp folders.

const SEED = 20_261_120; // change it to explore other inputs; a failure prints the sample's index
const IN_PROCESS_RUNS = 1000;
const PROCESS_RUNS = 100;

const s = sandbox({ sessionId: "fuzz-session-0001" });
// Claude Code always sets it for hooks; it also keeps a hostile `cwd` from choosing where state is written.
s.env.CLAUDE_PROJECT_DIR = s.root;
const MARK = `vxfuzz${process.pid}x${Date.now().toString(36)}`;
const SUBAGENT = "fuzzagent01";
const SEEDED_CALL = { agentType: "Explore", prompt: "SEEDED: where is app defined?" };
const seededInvocation = invocation("seed-inv");
const seededUsage = [1, 2, 3].map((i) =>
  usageRecord(`msg_seed${i}:req_seed${i}`, { input: 1000 * i, output: 10 * i }),
);

// ---------------------------------------------------------------------------------------------------------------
// Values

const TRAVERSAL = [
  "../../etc/passwd",
  "../../../../../../../../etc/passwd",
  "/etc/passwd",
  "/etc/shadow",
  "..",
  ".",
  "/",
  "",
  " ",
  "/dev/zero",
  "/dev/stdin",
  "/dev/null",
  "/proc/self/environ",
  "/proc/self/mem",
  "..\\..\\windows\\system32",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  MARK,
  `../${MARK}`,
  `../../${MARK}`,
  `../../../../../../tmp/${MARK}`,
  `/tmp/${MARK}`,
  `${s.root}/../${MARK}`,
  `${s.state}/../../../${MARK}.jsonl`,
  `${s.configDir}/projects/x/../../../${MARK}.jsonl`,
  "a\0b",
  "\0",
  "../\0/etc/passwd",
  "\uD800",
  "\u202Egnp.exe",
  `$(touch /tmp/${MARK})`,
  `\`touch /tmp/${MARK}\``,
  `; touch /tmp/${MARK}`,
  "__proto__",
  "constructor",
  "\n\n\n",
  "x".repeat(5000),
];

const hostileString = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...TRAVERSAL) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
);

/** A placeholder replaced in the JSON text by nesting this deep (stringifying it here would overflow). */
const deep = fc
  .tuple(fc.integer({ min: 1000, max: 60_000 }), fc.constantFrom("array", "object"))
  .map(([depth, kind]) => `@@DEEP_${kind}_${depth}@@`);

/** A placeholder replaced by megabytes (a subagent's whole report can be this big). */
const huge = fc.integer({ min: 1, max: 4 }).map((mb) => `@@HUGE_${mb}@@`);

/** A placeholder replaced by bytes that are not UTF-8, inside a JSON string. */
const badBytes = fc.constant("@@BADUTF8@@");

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** A value that replaces a plausible one: mostly a hostile string (which passes validation), else anything. */
const nasty = fc.oneof(
  { weight: 20, arbitrary: hostileString },
  { weight: 6, arbitrary: wrongType },
  { weight: 3, arbitrary: badBytes },
  { weight: 3, arbitrary: deep },
  { weight: 1, arbitrary: huge },
);

type Obj = Record<string, unknown>;

/**
 * A plausible object with up to `max` of its fields (or fields it does not have) replaced by nasty values: one
 * bad field at a time gets past validation and into the handlers, which is where the interesting failures are.
 */
function mutated(plausible: fc.Arbitrary<Obj>, keys: readonly string[], max = 2): fc.Arbitrary<Obj> {
  return fc
    .tuple(
      plausible,
      fc.array(fc.tuple(fc.constantFrom(...keys, "unknown_field"), nasty), { maxLength: max }),
    )
    .map(([base, changes]) => {
      const out: Obj = { ...base };
      for (const [key, value] of changes) out[key] = value;
      return out;
    });
}

const EVENTS = [
  "SessionStart",
  "UserPromptSubmit",
  "PreToolUse",
  "PostToolUse",
  "SubagentStop",
  "Stop",
  "SessionEnd",
];

const eventArg = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...EVENTS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      undefined,
      "",
      "PreCompact",
      "Notification",
      "SubagentStart",
      "__proto__",
      "constructor",
    ),
  },
  { weight: 1, arbitrary: hostileString },
);

const prompts = fc.constantFrom(
  "Fix the payment webhook retries",
  "Where is app defined?",
  "/compact",
  "",
  "   ",
);
const toolUseIds = fc.constantFrom("toolu_f1", "toolu_f2", "toolu_f3", "", `../../${MARK}`);
const agentIds = fc.constantFrom(SUBAGENT, "fuzzagent02", "", `../../${MARK}`, "a/b", "..", "x".repeat(200));
const subagentTypes = fc.constantFrom(
  "Explore",
  "general-purpose",
  "code-reviewer",
  "../../etc/passwd",
  "",
  "..",
);

/** An Agent call's input; `seeded` lets it ask what the seeded cache entry answers (PreToolUse only). */
const agentToolInput = (seeded: boolean) =>
  mutated(
    fc.record(
      {
        description: fc.constant("Look around"),
        prompt: seeded ? fc.oneof(prompts, fc.constant(SEEDED_CALL.prompt)) : prompts,
        subagent_type: subagentTypes,
        model: fc.constantFrom("haiku", "sonnet", "opus"),
        run_in_background: fc.boolean(),
      },
      { requiredKeys: ["prompt"] },
    ),
    ["description", "prompt", "subagent_type", "model", "run_in_background"],
    1,
  );

const usage = mutated(
  fc.record({
    input_tokens: fc.nat(),
    output_tokens: fc.nat(),
    cache_creation_input_tokens: fc.nat(),
    cache_read_input_tokens: fc.nat(),
    cache_creation: fc.record({ ephemeral_5m_input_tokens: fc.nat(), ephemeral_1h_input_tokens: fc.nat() }),
  }),
  [
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "cache_creation",
  ],
  1,
);

const toolResponse = fc.oneof(
  {
    weight: 6,
    arbitrary: mutated(
      fc.record(
        {
          status: fc.constantFrom("completed", "async_launched", "error", "interrupted"),
          agentId: agentIds,
          content: fc.array(
            fc.oneof(
              fc.record({ type: fc.constant("text"), text: fc.constantFrom("An answer", "") }),
              fc.constant({ type: "image", source: { type: "base64", data: "AAAA" } }),
            ),
            { maxLength: 3 },
          ),
          resolvedModel: fc.constantFrom("claude-sonnet-4-5-20250929", "not-a-model", "unknown"),
          totalDurationMs: fc.nat(),
          usage,
        },
        { requiredKeys: [] },
      ),
      ["status", "agentId", "content", "resolvedModel", "totalDurationMs", "usage"],
      1,
    ),
  },
  { weight: 1, arbitrary: fc.constant(completedResponse(SUBAGENT, "A real answer") as Obj) },
  { weight: 1, arbitrary: wrongType },
);

const PAYLOAD_KEYS = [
  "session_id",
  "transcript_path",
  "cwd",
  "permission_mode",
  "hook_event_name",
  "prompt",
  "source",
  "model",
  "tool_name",
  "tool_input",
  "tool_use_id",
  "tool_response",
  "duration_ms",
  "agent_id",
  "agent_type",
  "agent_transcript_path",
  "last_assistant_message",
  "stop_hook_active",
  "reason",
];

const payload = (event: string | undefined) =>
  mutated(
    fc.record(
      {
        session_id: fc.constantFrom(s.sessionId, "fuzz-session-0002"),
        transcript_path: fc.constantFrom(s.transcript, join(s.projectDir, "other.jsonl")),
        cwd: fc.constant(s.root),
        permission_mode: fc.constantFrom("default", "plan", "acceptEdits", "bypassPermissions"),
        hook_event_name: fc.oneof(
          { weight: 8, arbitrary: fc.constant(event ?? "Stop") },
          { weight: 1, arbitrary: fc.constantFrom(...EVENTS) },
        ),
        prompt: prompts,
        source: fc.constantFrom("startup", "resume", "clear", "compact"),
        model: fc.constant("claude-sonnet-4-5-20250929"),
        tool_name: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom("Agent", "Task") },
          { weight: 1, arbitrary: fc.constantFrom("Bash", "Read", "mcp__x__y") },
        ),
        tool_input: fc.oneof(
          { weight: 5, arbitrary: agentToolInput(event === "PreToolUse") },
          {
            weight: 1,
            arbitrary: fc.record({
              file_path: hostileString,
              old_string: fc.constant("a"),
              new_string: fc.constant("b"),
            }) as fc.Arbitrary<Obj>,
          },
        ),
        tool_use_id: toolUseIds,
        tool_response: toolResponse,
        duration_ms: fc.nat(),
        agent_id: agentIds,
        agent_type: subagentTypes,
        agent_transcript_path: fc.constantFrom(
          join(s.projectDir, s.sessionId, "subagents", `agent-${SUBAGENT}.jsonl`),
          "/dev/zero",
          "/proc/self/mem",
        ),
        last_assistant_message: fc.constantFrom("Done.", null),
        stop_hook_active: fc.boolean(),
        reason: fc.constantFrom("clear", "logout", "prompt_input_exit", "other"),
      },
      { requiredKeys: ["hook_event_name"] },
    ),
    PAYLOAD_KEYS,
    3,
  );

function expand(text: string): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(/"@@DEEP_(array|object)_(\d+)@@"|@@HUGE_(\d)@@|@@BADUTF8@@/g)) {
    parts.push(Buffer.from(text.slice(last, m.index)));
    if (m[1]) {
      const depth = Number(m[2]);
      parts.push(
        Buffer.from(
          m[1] === "array"
            ? `${"[".repeat(depth)}${"]".repeat(depth)}`
            : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
        ),
      );
    } else if (m[3])
      parts.push(Buffer.from("Lorem ipsum payment auth ../../x ".repeat((Number(m[3]) * 1024 * 1024) / 32)));
    else
      parts.push(Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xc0, 0xaf]));
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(Buffer.from(text.slice(last)));
  return Buffer.concat(parts);
}

/** A payload's bytes, sometimes damaged: cut short, a NUL or bad bytes spliced in, a BOM in front. */
const structured = eventArg.chain((event) =>
  fc
    .tuple(
      payload(event),
      fc.oneof(
        { weight: 27, arbitrary: fc.constant({ kind: "none" as const }) },
        {
          weight: 1,
          arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ kind: "cut" as const, at })),
        },
        {
          weight: 1,
          arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ kind: "nul" as const, at })),
        },
        { weight: 1, arbitrary: fc.constant({ kind: "bom" as const }) },
      ),
    )
    .map(([body, damage]) => {
      let bytes = expand(JSON.stringify(body));
      const at = "at" in damage ? Math.floor(damage.at * bytes.length) : 0;
      if (damage.kind === "cut") bytes = bytes.subarray(0, at);
      if (damage.kind === "nul")
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([0]), bytes.subarray(at)]);
      if (damage.kind === "bom") bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
      return { event, stdin: bytes };
    }),
);

const RAW_TEXTS = [
  "",
  " ",
  "\n",
  "null",
  "0",
  "-1e999",
  '"a string"',
  "[]",
  "[{}]",
  "true",
  "{}",
  '{"hook_event_name":null}',
  '{"hook_event_name":"Stop","hook_event_name":7}',
  '{"__proto__":{"polluted":1},"hook_event_name":"Stop"}',
  '{"constructor":{"prototype":{"polluted":1}},"hook_event_name":"Stop"}',
  '{"hook_event_name":"PostToolUse","tool_name":"Agent","tool_input":{"prompt":"x"},"tool_response":{"content":[null]}}',
  "{".repeat(100_000),
  "[".repeat(200_000),
];

const raw = fc.record({
  event: eventArg,
  stdin: fc.oneof(
    fc.constantFrom(...RAW_TEXTS).map((t) => Buffer.from(t)),
    fc.uint8Array({ maxLength: 4096 }).map((a) => Buffer.from(a)),
    fc.string({ unit: "binary", maxLength: 200 }).map((t) => Buffer.from(t)),
  ),
});

const hookInput = fc.oneof({ weight: 4, arbitrary: structured }, { weight: 1, arbitrary: raw });

// ---------------------------------------------------------------------------------------------------------------
// Checks

function checkResult(r: { stdout: string; stderr: string }, where: string): void {
  const lines = r.stderr.split("\n").filter(Boolean);
  expect(lines.length, `${where}: stderr lines\n${r.stderr}`).toBeLessThanOrEqual(4);
  for (const line of lines) expect(line, where).toMatch(/^vextrus-hook: .{1,330}$/);
  expect(r.stderr, where).not.toContain("    at ");
  if (r.stdout !== "") {
    expect(r.stdout.endsWith("\n"), where).toBe(true);
    const parsed = JSON.parse(r.stdout);
    expect(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed), where).toBe(true);
  }
}

const describeInput = (seed: number, i: number, event: string | undefined, stdin: Buffer) =>
  `sample ${i} (seed ${seed}): event ${JSON.stringify(event)}, ${stdin.length} bytes: ${stdin.subarray(0, 300).toString("utf8")}`;

/** Folders where an escaping write would land: no entry may carry the marker. */
const WATCHED = [
  tmpdir(),
  "/",
  "/etc",
  "/work",
  process.cwd(),
  dirname(process.cwd()),
  s.base,
  join(s.root, "src"),
];
/** Folders no other process writes to: their listing must not change at all. */
const FROZEN = [
  "/",
  "/etc",
  s.base,
  join(s.root, ".claude"),
  join(s.root, "src"),
  join(s.configDir, "projects"),
];

/** What the hooks may create in the state folder, and how the per-session and per-agent files are named. */
const STATE_FILES =
  /^(\.gitignore|(cache|metrics|vextrus)\.db(-wal|-shm|-journal)?|hooks\.log(\.1)?|tasks\.jsonl|turns|agents|routed)$/;
const SAFE_NAME = /^[\w-]{1,128}(\.json|\.agents\.jsonl)$/;

function listing(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** No entry named with the marker anywhere a traversal could reach, and no new entry in the watched folders. */
function checkNoEscape(before: Map<string, string[]>): void {
  for (const dir of WATCHED)
    expect(
      listing(dir).filter((n) => n.includes(MARK)),
      dir,
    ).toEqual([]);
  for (const [dir, names] of before) expect(listing(dir), dir).toEqual(names);
  expect(existsSync(join(process.cwd(), ".claude")), "a .claude folder in the test's cwd").toBe(
    before.has("cwd.claude"),
  );
  expect(({} as Record<string, unknown>).polluted, "Object.prototype polluted").toBeUndefined();
  expect(listing(s.state).filter((n) => !STATE_FILES.test(n))).toEqual([]);
  for (const sub of ["turns", "agents", "routed"])
    expect(listing(join(s.state, sub)).filter((n) => !SAFE_NAME.test(n))).toEqual([]);
}

// ---------------------------------------------------------------------------------------------------------------

/** The seeded usage rows as the store gives them back. */
function storedSeedUsage() {
  const usage = openSqliteUsageStore(s.ledger);
  try {
    const keys = new Set(seededUsage.map((r) => r.key));
    return usage.usage().filter((r) => keys.has(r.key));
  } finally {
    usage.close();
  }
}

function usageKeys(): string[] {
  const usage = openSqliteUsageStore(s.ledger);
  try {
    return usage.usage().map((r) => r.key);
  } finally {
    usage.close();
  }
}

describe("fuzz: hostile hook input", () => {
  const before = new Map<string, string[]>();
  let seededRows: ReturnType<typeof storedSeedUsage> = [];
  /** What the stores held after the in-process run: the process run must not lose any of it. */
  let midway = { invocations: [] as string[], usage: [] as string[] };

  beforeAll(async () => {
    s.write("src/app.ts", "export const app = 1;\n");
    seedMetrics(s.state, [seededInvocation]);
    seedUsage(s.ledger, seededUsage);
    // On the real clock: the hook processes below run on it, and the store drops entries past their TTL.
    await withCache(
      s.root,
      s.state,
      (cache) => cache.set({ ...SEEDED_CALL, output: "seeded output", dependencies: ["src/app.ts"] }),
      Date.now,
    );
    // Transcripts whose tool calls name hostile paths: edits (Stop's task log) and reads (cache dependencies).
    const hostilePaths = ["../../etc/passwd", "/etc/passwd", `../../${MARK}`, "a\u0000b", "", ".", s.root];
    const calls = (name: string) => [
      toolUse(
        name,
        { file_path: `${s.root}/src/app.ts`, old_string: "1", new_string: "2" },
        `toolu_${name}0`,
      ),
      ...hostilePaths.map((file_path, i) =>
        toolUse(name, { file_path, notebook_path: file_path }, `toolu_${name}${i + 1}`),
      ),
    ];
    s.appendTranscript(
      assistantLine({ sessionId: s.sessionId, cwd: s.root, id: "t1", content: calls("Edit") }),
      assistantLine({ sessionId: s.sessionId, cwd: s.root, id: "t2", content: calls("NotebookEdit") }),
    );
    s.subagentTranscript(SUBAGENT, [
      assistantLine({
        sessionId: s.sessionId,
        cwd: s.root,
        id: "sub1",
        agentId: SUBAGENT,
        content: [toolUse("Read", { file_path: `${s.root}/src/app.ts` })],
      }),
    ]);
    s.subagentTranscript("fuzzagent02", [
      assistantLine({
        sessionId: s.sessionId,
        cwd: s.root,
        id: "sub2",
        agentId: "fuzzagent02",
        content: calls("Read"),
      }),
    ]);
    seededRows = storedSeedUsage();
    expect(seededRows).toHaveLength(seededUsage.length);
    for (const dir of FROZEN) before.set(dir, listing(dir));
    if (existsSync(join(process.cwd(), ".claude"))) before.set("cwd.claude", []);
  });

  it(`survives ${IN_PROCESS_RUNS} inputs in process`, async () => {
    const samples = fc.sample(hookInput, { numRuns: IN_PROCESS_RUNS, seed: SEED });
    let outputs = 0;
    let quiet = 0;
    for (const [i, { event, stdin }] of samples.entries()) {
      const where = describeInput(SEED, i, event, stdin);
      let r: Awaited<ReturnType<typeof handleHook>>;
      try {
        r = await handleHook(event, stdin, { env: s.env, home: s.home, now: () => NOW });
      } catch (error) {
        throw new Error(`handleHook threw on ${where}: ${(error as Error).stack}`);
      }
      expect(r.exitCode, where).toBe(0);
      checkResult(r, where);
      if (r.stdout) outputs++;
      if (r.stderr === "") quiet++;
    }
    // Not all rejected at the door: many inputs reach the handlers, and some get answers.
    expect(outputs).toBeGreaterThan(50);
    expect(quiet).toBeGreaterThan(300);
    checkNoEscape(before);
    midway = { invocations: invocations(s.state).map((r) => r.id), usage: usageKeys() };
  }, 120_000);

  it(`survives ${PROCESS_RUNS} inputs through the real process`, async () => {
    assertBuilt();
    const samples = fc.sample(hookInput, { numRuns: PROCESS_RUNS, seed: SEED + 1 });
    const queue = [...samples.entries()];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [i, { event, stdin }] = next;
        const where = `process ${describeInput(SEED + 1, i, event, stdin)}`;
        // A command line cannot hold a NUL byte: Claude Code could not pass one either.
        const r = await runHookProcess(event?.replaceAll("\0", ""), stdin, {
          env: s.env,
          cwd: s.root,
          timeoutMs: 30_000,
        });
        expect([r.code, r.signal], `${where}\n${r.stderr}`).toEqual([0, null]);
        checkResult(r, where);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    checkNoEscape(before);
  }, 120_000);

  it("leaves the three stores openable and holding what they held", async () => {
    const records = invocations(s.state);
    expect(records.find((r) => r.id === "seed-inv")).toEqual(seededInvocation);

    expect(storedSeedUsage()).toEqual(seededRows);
    expect(records.map((r) => r.id)).toEqual(expect.arrayContaining(midway.invocations));
    expect(usageKeys()).toEqual(expect.arrayContaining(midway.usage));
    const usage = openSqliteUsageStore(s.ledger);
    try {
      expect(usage.counts().records).toBeGreaterThanOrEqual(seededUsage.length);
    } finally {
      usage.close();
    }

    const hit = await withCache(s.root, s.state, (cache) => cache.get(SEEDED_CALL), Date.now);
    expect(hit).toMatchObject({ hit: true, entry: { output: "seeded output" } });
  });
});
