#!/usr/bin/env node
// Start-up benchmark of `vextrus-hook <Event>`. Claude Code starts the hook as a new process on every event, so
// what a session waits for is the whole process: Node's own start, our modules, the event's work, the exit. Each
// case is timed that way against a bare `node -e 0` on the same Node, in turn (A B A B ...) so that drift in the
// machine's speed hits both alike. The goal: hook p50 at most 1.5x the bare Node's p50.
//
//   node apps/hooks/bench/startup.bench.mjs [--runs 30] [--warmup 5] [--daemon] [--json] [--keep]
//
// --daemon measures with `optimization.latency.hook_daemon` on: a warm daemon handles the events and each hook
// process is only its client (the first event of a session, which starts the daemon, is the run without it).
//
// Build first (`pnpm build`): bin/vextrus-hook.cjs loads dist/hook.cjs. Plain Node, no dependencies. Everything lives
// in a temporary folder, with HOME and CLAUDE_CONFIG_DIR pointing into it: the real ~/.claude is never touched.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const GOAL = 1.5;
const { values: opt } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    json: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    daemon: { type: "boolean", default: false },
  },
});
const RUNS = Number(opt.runs);
const WARMUP = Number(opt.warmup);
if (!(RUNS >= 1 && WARMUP >= 0)) throw new Error("--runs must be at least 1 and --warmup at least 0");
const BIN = resolve(dirname(fileURLToPath(import.meta.url)), "../bin/vextrus-hook.cjs");
if (!existsSync(resolve(BIN, "../../dist/hook.cjs"))) {
  console.error("apps/hooks/dist/hook.cjs is missing: run `pnpm build` in apps/hooks first");
  process.exit(1);
}

// ---- A project as the hooks meet it: a git repository on a feature branch, one uncommitted edit, hooks on ----
const tmp = mkdtempSync(join(tmpdir(), "vextrus-hook-bench-"));
const [project, home, claude] = ["project", "home", "claude"].map((d) => join(tmp, d));
const write = (path, text) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};
const budgetTs =
  "export function overBudget(spent: number, limit: number): boolean {\n  return spent > limit;\n}\n";
write(join(project, "package.json"), '{ "name": "bench-project", "type": "module" }\n');
write(join(project, "src/budget.ts"), budgetTs);
write(join(project, "src/report.ts"), 'export const title = "Report";\n');
write(join(project, "README.md"), "# bench project\n");
mkdirSync(home);
// The hooks as `vextrus init` writes them, and a budget set by the team: a cost section with more than on/off
// switches, so its zod parser loads as it does in real use.
const events = "SessionStart UserPromptSubmit PreToolUse PostToolUse SubagentStop Stop SessionEnd".split(" ");
const hooks = Object.fromEntries(
  events.map((e) => {
    const group = { hooks: [{ type: "command", command: `vextrus-hook ${e}` }] };
    return [e, [e.endsWith("ToolUse") ? { matcher: "Agent|Task", ...group } : group]];
  }),
);
const optimization = {
  cost: { monthly_budget_usd: 200, alert_threshold_pct: 80 },
  ...(opt.daemon && { latency: { hook_daemon: true } }),
};
write(join(project, ".claude/settings.json"), `${JSON.stringify({ hooks, optimization }, null, 2)}\n`);
// HOME is the temporary one, so no ~/.gitconfig is read, here or by the git processes the hook starts.
const git = (...args) =>
  execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", ...args], {
    cwd: project,
    env: { ...process.env, HOME: home },
  });
git("init", "-q", "-b", "main");
git("add", ".");
git("commit", "-qm", "initial");
// A feature branch: SessionStart turns its name into a prewarming hint (on main it would say nothing).
git("checkout", "-qb", "feature/budget-alerts");
write(join(project, "src/report.ts"), 'export const title = "Report";\nexport const alertPct = 80;\n');

// ---- Claude Code's transcripts in a fake config dir: the session's, and one subagent's that Reads a file ----
const SESSION = "3f2b8c1e-5d4a-4e7b-9c0d-bench0000001";
const AGENT = "a1b2c3d4e5f6a7b8c";
const sessionDir = join(claude, "projects", project.replace(/[^A-Za-z0-9]/g, "-"));
const transcript = join(sessionDir, `${SESSION}.jsonl`);
const agentTranscript = join(sessionDir, SESSION, "subagents", `agent-${AGENT}.jsonl`);
// Timestamps in the current month, so that the budget has spend to report.
const at = (i) => new Date(Date.now() - (100 - i) * 60_000).toISOString();
const usage = {
  input_tokens: 100,
  output_tokens: 50,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};
const line = (i, type, message, extra) =>
  JSON.stringify({ type, sessionId: SESSION, timestamp: at(i), ...extra, message });
const message = (i, content) => ({
  id: `msg_${i}`,
  model: "claude-sonnet-4-5-20250929",
  role: "assistant",
  content,
});
const assistant = (i, content, extra) =>
  line(i, "assistant", { ...message(i, content), usage }, { requestId: `req_${i}`, ...extra });
const main = [];
for (let i = 0; i < 40; i++) {
  main.push(line(i, "user", { role: "user", content: `question ${i}` }));
  main.push(assistant(i, [{ type: "text", text: `answer ${i} `.repeat(20) }]));
}
write(transcript, `${main.join("\n")}\n`);
const report = "overBudget is called from nowhere yet; it compares spent > limit.";
const side = { isSidechain: true, agentId: AGENT };
const read = {
  type: "tool_use",
  id: "toolu_1",
  name: "Read",
  input: { file_path: join(project, "src/budget.ts") },
};
// What Read returns: the file's lines as `cat -n` (`<n>\t<line>`), which the hook compares with the file.
const numbered = budgetTs
  .split("\n")
  .map((text, i) => `${i + 1}\t${text}`)
  .join("\n");
const result = { type: "tool_result", tool_use_id: "toolu_1", content: numbered };
const agentLines = [
  assistant(60, [read], side),
  line(61, "user", { role: "user", content: [result] }, side),
  assistant(62, [{ type: "text", text: report }], side),
];
write(agentTranscript, `${agentLines.join("\n")}\n`);

// ---- Payloads as Claude Code 2.1 sends them ----
const base = (hook_event_name) => ({
  session_id: SESSION,
  transcript_path: transcript,
  cwd: project,
  hook_event_name,
  permission_mode: "default",
});
const agentTool = (event, tool_use_id, tool_input) => ({
  ...base(event),
  tool_name: "Agent",
  tool_input,
  tool_use_id,
});
const cachedCall = {
  description: "Find overBudget callers",
  prompt: "Find every caller of overBudget in src/ and say how the limit is computed.",
  subagent_type: "Explore",
};
// Never cached, and general-purpose pins no model: the hook picks one (auto model selection).
const newCall = {
  description: "Plan the alert",
  prompt: "Plan a budget alert.",
  subagent_type: "general-purpose",
};
const toolResponse = {
  status: "completed",
  agentId: AGENT,
  content: [{ type: "text", text: report }],
  totalDurationMs: 8400,
  usage: { ...usage, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } },
};
const subagentStop = { agent_id: AGENT, agent_type: "Explore", agent_transcript_path: agentTranscript };

// ---- The cases, and what each run must print: a run that prints anything else benchmarks something else ----
const json = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const silent = (out, err) => out === "" && err === "";
const answers = (check) => (out, err) => err === "" && Boolean(check(json(out) ?? {}));
const specific = (o) => o.hookSpecificOutput ?? {};
// name, event argument, stdin, what the run must print, what it does (for the table)
const cases = [
  {
    name: "SessionStart",
    input: { ...base("SessionStart"), source: "startup" },
    expect: answers((o) => /^Vextrus: Budget: /.test(o.systemMessage) && specific(o).additionalContext),
    note: "budget, suggestions, prewarm hint",
  },
  {
    name: "UserPromptSubmit",
    input: { ...base("UserPromptSubmit"), prompt: "Add a budget alert at 80% to src/report.ts" },
    expect: answers((o) => /Task complexity/.test(specific(o).additionalContext)),
    note: "budget, complexity of prompt + git diff, prewarm hint",
  },
  {
    name: "PreToolUse miss",
    input: agentTool("PreToolUse", "toolu_new", newCall),
    expect: answers((o) => typeof specific(o).updatedInput?.model === "string"),
    note: "cache miss: model chosen (updatedInput)",
  },
  {
    name: "PreToolUse hit",
    input: agentTool("PreToolUse", "toolu_cached", cachedCall),
    expect: answers((o) => specific(o).permissionDecision === "deny"),
    note: "cache hit: answered, one invocation recorded",
  },
  {
    name: "PostToolUse",
    input: {
      ...agentTool("PostToolUse", "toolu_cached", cachedCall),
      tool_response: toolResponse,
      duration_ms: 8400,
    },
    expect: silent,
    note: "records, re-caches the same report (the hit stays a hit)",
  },
  {
    name: "SubagentStop",
    input: {
      ...base("SubagentStop"),
      ...subagentStop,
      stop_hook_active: false,
      last_assistant_message: report,
    },
    expect: silent,
    note: "foreground agent, so ingest only: nothing new",
  },
  {
    name: "Stop",
    input: { ...base("Stop"), stop_hook_active: false },
    expect: silent,
    note: "incremental: no open turn, transcripts already ingested",
  },
  {
    name: "SessionEnd",
    input: { ...base("SessionEnd"), reason: "other" },
    expect: silent,
    note: "as Stop: already ingested",
  },
  {
    name: "malformed stdin",
    event: "UserPromptSubmit",
    input: '{"hook_event_name": "UserPromptSubmit", "prompt": ',
    expect: (out, err) => out === "" && /not JSON/.test(err),
    note: "cut-off JSON: a note on stderr, exit 0",
  },
].map((c) => ({
  ...c,
  event: c.event ?? c.input.hook_event_name,
  stdin: typeof c.input === "string" ? c.input : JSON.stringify(c.input),
}));
const byName = (name) => cases.find((c) => c.name === name);

// ---- Running ----
const env = { ...process.env, HOME: home, CLAUDE_CONFIG_DIR: claude, CLAUDE_PROJECT_DIR: project };
for (const name of ["VEXTRUS_STATE_DIR", "VEXTRUS_USER_STATE_DIR", "VEXTRUS_STORE", "NODE_OPTIONS"])
  delete env[name];
// The user's state folder (the cost ledger) in the temporary folder too, never the machine's.
env.XDG_STATE_HOME = join(tmp, "xdg-state");
// The daemon's socket in a private folder of this run, so a daemon of another build or run is never measured.
env.VEXTRUS_HOOK_SOCKET_DIR = join(tmp, "sockets");
mkdirSync(env.VEXTRUS_HOOK_SOCKET_DIR, { mode: 0o700 });
const spawn = (args, stdin) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: project, env, input: stdin, encoding: "utf8" });
  return { ...r, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
};
const runHook = (c) => {
  const r = spawn([BIN, c.event], c.stdin);
  if (r.status === 0 && c.expect(r.stdout, r.stderr)) return r.ms;
  console.error(`${c.name}: not the expected run (exit ${r.status}, signal ${r.signal}) ${r.error ?? ""}`);
  console.error(`--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}\n--- state kept in ${tmp}`);
  process.exit(1);
};
// The same Node, the same stdin and environment: all that differs is our code.
const runBaseline = (c) => {
  const r = spawn(["-e", "0"], c.stdin);
  if (r.status !== 0) throw new Error(`node -e 0 exited ${r.status}: ${r.stderr}`);
  return r.ms;
};

// State as a session leaves it: a turn with one agent call (metrics.db, cache.db) and its Stop (the user's cost
// ledger, tasks.jsonl). Without it SessionStart would skip the budget and PreToolUse could never hit.
for (const name of ["UserPromptSubmit", "PostToolUse", "Stop"]) runHook(byName(name));
for (const file of [
  join(env.XDG_STATE_HOME, "vextrus", "cost-ledger.db"),
  ...["cache.db", "metrics.db", "tasks.jsonl"].map((f) => join(project, ".claude/state", f)),
]) {
  if (!existsSync(file)) throw new Error(`warm-up made no ${file}`);
}
/** How many events the daemon handled so far; undefined when none runs. */
const served = () => {
  const r = spawn([BIN, "--daemon", "status"], "");
  return r.stdout.startsWith("{") ? JSON.parse(r.stdout).served : undefined;
};
if (opt.daemon) {
  // The warm-up's first event started it; it listens within a few hundred ms.
  for (let i = 0; i < 50 && served() === undefined; i++) spawnSync("sleep", ["0.1"]);
  if (served() === undefined) throw new Error("--daemon: no daemon started");
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { min: s[0], p50: q(0.5), p95: q(0.95) };
};
const results = cases.map((c) => {
  // Warm-up runs fill V8's compile cache and the page cache, and absorb one-off state changes (the first Stop
  // closes the turn the earlier cases left open), so the measured runs of a case all do the same work.
  for (let i = 0; i < WARMUP; i++) {
    runHook(c);
    runBaseline(c);
  }
  const hook = [];
  const baseline = [];
  const before = opt.daemon ? served() : 0;
  for (let i = 0; i < RUNS; i++) {
    hook.push(runHook(c));
    baseline.push(runBaseline(c));
  }
  // Every measured run went through the daemon, or the table would mix the two ways of running.
  if (opt.daemon && served() - before !== RUNS)
    throw new Error(`${c.name}: not every run reached the daemon`);
  const [h, b] = [stats(hook), stats(baseline)];
  return { case: c.name, event: c.event, note: c.note, hook: h, baseline: b, ratio: h.p50 / b.p50 };
});
for (const r of results) r.meetsGoal = r.ratio <= GOAL;
if (opt.daemon) spawn([BIN, "--daemon", "stop"], "");
if (!opt.keep) rmSync(tmp, { recursive: true, force: true });

// ---- Report ----
if (opt.json) {
  const report = {
    node: process.version,
    runs: RUNS,
    warmup: WARMUP,
    goal: GOAL,
    daemon: opt.daemon,
    results,
  };
  console.log(JSON.stringify(report, null, 2));
} else {
  const f = (ms) => ms.toFixed(1);
  const rows = [
    `case|hook min|p50|p95|node -e 0 min|p50|p95|ratio|<= ${GOAL}x|what a run does`.split("|"),
    ...results.map((r) => [
      ...[r.case, f(r.hook.min), f(r.hook.p50), f(r.hook.p95), f(r.baseline.min), f(r.baseline.p50)],
      ...[f(r.baseline.p95), `${r.ratio.toFixed(2)}x`, r.meetsGoal ? "yes" : "NO", r.note],
    ]),
  ];
  const width = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const text = (cell, i) => (i === 0 || i === 9 ? cell.padEnd(width[i]) : cell.padStart(width[i]));
  console.log(
    `vextrus-hook start-up, whole process${opt.daemon ? ", warm daemon (hook_daemon on)" : ""}, ms ` +
      `(Node ${process.version}; ${RUNS} runs after ${WARMUP} warm-up,`,
  );
  console.log("each in turn with node -e 0; ratio = hook p50 / node -e 0 p50)");
  for (const row of rows) console.log(row.map(text).join("  ").trimEnd());
  if (opt.keep) console.log(`state kept in ${tmp}`);
}
