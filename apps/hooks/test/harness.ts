import { execFileSync, spawn } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { STATE_FILES } from "@vextrus/config";
import { afterAll } from "vitest";
import { type HookResult, handleHook } from "../src/handle.js";
import type { HookOutput } from "../src/output.js";

/** The fixed clock of the tests: the middle of a month, so the budget month is the same in every time zone. */
export const NOW = new Date("2026-11-20T12:00:00.000Z");

export const SONNET = "claude-sonnet-4-5-20250929";

/** Sonnet 4.5 list prices in pico-dollars per token (USD per million tokens × 1e6). */
export const SONNET_PICO = { input: 3_000_000n, output: 15_000_000n, write5m: 3_750_000n, read: 300_000n };

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

export interface TranscriptRecordOptions {
  sessionId: string;
  cwd: string;
  id: string;
  requestId?: string;
  timestamp?: string;
  model?: string;
  usage?: Usage;
  content?: unknown[];
  /** A subagent's own transcript line. */
  agentId?: string;
}

/** One assistant line of a Claude Code transcript, shaped as 2.1 writes it. */
export function assistantLine(o: TranscriptRecordOptions): string {
  return JSON.stringify({
    parentUuid: null,
    ...(o.agentId && { isSidechain: true, agentId: o.agentId }),
    ...(!o.agentId && { isSidechain: false }),
    userType: "external",
    cwd: o.cwd,
    sessionId: o.sessionId,
    version: "2.1.332",
    gitBranch: "feature",
    type: "assistant",
    uuid: `uuid-${o.id}`,
    timestamp: o.timestamp ?? "2026-11-20T10:00:00.000Z",
    requestId: o.requestId ?? `req_${o.id}`,
    message: {
      id: `msg_${o.id}`,
      type: "message",
      role: "assistant",
      model: o.model ?? SONNET,
      content: o.content ?? [{ type: "text", text: "ok" }],
      stop_reason: "end_turn",
      usage: {
        input_tokens: 100,
        output_tokens: 50,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        ...o.usage,
      },
    },
  });
}

export function userLine(sessionId: string, cwd: string, text: string): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: "external",
    cwd,
    sessionId,
    version: "2.1.332",
    type: "user",
    uuid: `u-${text.length}`,
    timestamp: "2026-11-20T09:59:00.000Z",
    message: { role: "user", content: text },
  });
}

export function toolUse(name: string, input: Record<string, unknown>, id = `toolu_${name}`) {
  return { type: "tool_use", id, name, input };
}

/** Claude Code's name for a project's folder under `projects/`: the path with `/` and `.` as `-`. */
export function encodeProject(path: string): string {
  return path.replace(/[/.]/g, "-");
}

const created: string[] = [];
// Each test file's sandboxes go when the file is done.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export interface SandboxOptions {
  /** Make the project a git repository with one commit on `main`, then check out `branch`. */
  git?: { branch?: string; files?: Record<string, string> };
  sessionId?: string;
  /** Extra environment for the hook (CLAUDE_PROJECT_DIR, VEXTRUS_STATE_DIR, ...). */
  env?: Record<string, string>;
}

export type Payload = Record<string, unknown>;

/**
 * A project in a temp folder with its own home and Claude config folder (never the machine's `~/.claude`), and
 * a hook runner that sends payloads shaped as Claude Code 2.1 sends them.
 */
export function sandbox(options: SandboxOptions = {}) {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "vx-hooks-")));
  created.push(base);
  const root = join(base, "project");
  const home = join(base, "home");
  const configDir = join(base, "claude-config");
  mkdirSync(join(root, ".claude"), { recursive: true });
  mkdirSync(home, { recursive: true });
  const sessionId = options.sessionId ?? "5f0c2a34-8e1d-4b8e-9a57-1b2c3d4e5f60";
  const projectDir = join(configDir, "projects", encodeProject(root));
  mkdirSync(projectDir, { recursive: true });
  const transcript = join(projectDir, `${sessionId}.jsonl`);
  const state = join(root, ".claude", "state");
  // As `vextrus init` leaves it: the state folder keeps itself out of git.
  mkdirSync(state, { recursive: true, mode: 0o700 });
  writeFileSync(join(state, ".gitignore"), "*\n");
  // The user's state folder (the cost ledger) in the sandbox too: a test never writes to the real ~/.local/state.
  const userState = join(base, "xdg-state", "vextrus");
  const env: Record<string, string> = {
    CLAUDE_CONFIG_DIR: configDir,
    HOME: home,
    XDG_STATE_HOME: join(base, "xdg-state"),
    ...options.env,
  };
  let clock = NOW;

  const write = (path: string, text: string) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    return full;
  };
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: root,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        HOME: home,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@x",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@x",
      },
    });
  if (options.git) {
    git("init", "-q", "-b", "main");
    for (const [path, text] of Object.entries(
      options.git.files ?? { "src/app.ts": "export const app = 1;\n" },
    ))
      write(path, text);
    git("add", ".");
    git("commit", "-qm", "init");
    if (options.git.branch) git("checkout", "-qb", options.git.branch);
  }

  /** Every event's common fields, then the event's own. */
  const payload = (event: string, fields: Payload = {}): Payload => ({
    session_id: sessionId,
    transcript_path: transcript,
    cwd: root,
    permission_mode: "default",
    hook_event_name: event,
    ...fields,
  });

  const hook = (event: string, fields: Payload = {}, raw?: Buffer | string): Promise<HookResult> =>
    handleHook(
      event,
      raw === undefined ? Buffer.from(JSON.stringify(payload(event, fields))) : Buffer.from(raw),
      { env, home, now: () => clock },
    );

  return {
    base,
    root,
    home,
    configDir,
    projectDir,
    sessionId,
    transcript,
    state,
    userState,
    /** The user's cost ledger, where every project's usage is ingested. */
    ledger: join(userState, STATE_FILES.ledger),
    env,
    write,
    git,
    payload,
    hook,
    setNow(date: Date) {
      clock = date;
    },
    settings(optimization: unknown, file: "settings.json" | "settings.local.json" = "settings.local.json") {
      write(join(".claude", file), JSON.stringify({ optimization }));
    },
    /** Appends lines to the session's transcript. */
    appendTranscript(...lines: string[]) {
      appendFileSync(transcript, lines.map((l) => `${l}\n`).join(""));
    },
    /** Writes a subagent's own transcript where Claude Code keeps it, beside the session's. */
    subagentTranscript(agentId: string, lines: string[]) {
      const path = join(projectDir, sessionId, "subagents", `agent-${agentId}.jsonl`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, lines.map((l) => `${l}\n`).join(""));
      return path;
    },
  };
}

export type Sandbox = ReturnType<typeof sandbox>;

/** The `Agent` tool's input as Claude Code 2.1 passes it. */
export function agentInput(prompt: string, subagentType = "Explore", extra: Payload = {}): Payload {
  return { description: "Look around", prompt, subagent_type: subagentType, ...extra };
}

/** A finished foreground `Agent` call's `tool_response` (Claude Code 2.1.332). */
export function completedResponse(agentId: string, text: string, usage: Usage = defaultUsage()) {
  return {
    status: "completed",
    agentId,
    content: [{ type: "text", text }],
    resolvedModel: SONNET,
    totalDurationMs: 12_345,
    totalTokens: usage.input_tokens + usage.output_tokens,
    totalToolUseCount: 1,
    usage: {
      ...usage,
      cache_creation: usage.cache_creation ?? {
        ephemeral_5m_input_tokens: usage.cache_creation_input_tokens ?? 0,
        ephemeral_1h_input_tokens: 0,
      },
      service_tier: "standard",
    },
  };
}

function defaultUsage(): Usage {
  return {
    input_tokens: 1000,
    output_tokens: 200,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

/** The JSON a hook printed, or undefined when it printed nothing. */
export function output(result: HookResult): HookOutput | undefined {
  return result.stdout === "" ? undefined : (JSON.parse(result.stdout) as HookOutput);
}

/** The installed command, running the built `dist/hook.cjs` (run `pnpm build` first). */
export const BIN = fileURLToPath(new URL("../bin/vextrus-hook.cjs", import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(fileURLToPath(new URL("../dist/hook.cjs", import.meta.url))))
    throw new Error("apps/hooks/dist/hook.cjs is missing: run `pnpm build` in apps/hooks first");
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `node bin/vextrus-hook.cjs <event>` as Claude Code runs it: stdin written and closed, the environment given
 * (plus PATH, for git), killed after `timeoutMs` so a hang fails the test instead of stalling it.
 */
export function runHookProcess(
  event: string | undefined,
  stdin: Buffer | string,
  opts: { env: Record<string, string>; cwd: string; timeoutMs?: number },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, event === undefined ? [BIN] : [BIN, event], {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    // A child that exits before reading all of stdin closes the pipe: that is its right, not an error.
    child.stdin.on("error", () => {});
    child.stdin.end(stdin);
  });
}

/** A finished foreground Agent call whose subagent read src/app.ts; `shared` calls ask the same thing. */
export function finishedCall(s: Sandbox, i: number, shared: boolean) {
  const agentId = `agent${i}`;
  s.subagentTranscript(agentId, [
    assistantLine({
      sessionId: s.sessionId,
      cwd: s.root,
      id: `sub${i}`,
      agentId,
      usage: { input_tokens: 1000 + i, output_tokens: 100 },
      content: [toolUse("Read", { file_path: `${s.root}/src/app.ts` })],
    }),
  ]);
  return {
    tool_name: "Agent",
    tool_input: agentInput(shared ? "Where is app defined?" : `Question ${i}`),
    tool_use_id: `toolu_${i}`,
    tool_response: completedResponse(agentId, `Answer ${i}`),
  };
}
