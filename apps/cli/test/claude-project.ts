import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  type FakeMessagesApi,
  type FakeReply,
  type RecordedRequest,
  startFakeMessagesApi,
} from "../../../packages/orchestrator/test/fake-api/server.js";
import { gitRepo } from "./git-repo.js";

// What the end-to-end tests share: a temp project after a real `vextrus init`, the real `claude` 2.1.332 on PATH
// beside our bins, and a fake Messages API on 127.0.0.1 as its model.

export const run = promisify(execFile);
export const CLAUDE = resolve(import.meta.dirname, "../node_modules/.bin/claude");
const CLI_BIN = resolve(import.meta.dirname, "../bin");

interface Message {
  role: string;
  content: string | { type: string; text?: string; content?: unknown }[];
}

export const messagesOf = (r: RecordedRequest) =>
  ((r.body as { messages?: Message[] })?.messages ?? []) as Message[];

/** The first user message's text: where a subagent's prompt shows which agent a request is for. */
export const firstUserText = (r: RecordedRequest) => {
  const first = messagesOf(r).find((m) => m.role === "user");
  if (!first) return "";
  return typeof first.content === "string"
    ? first.content
    : first.content.map((b) => (b.type === "text" ? (b.text ?? "") : "")).join("\n");
};

export interface ClaudeProject {
  tmp: string;
  project: ReturnType<typeof gitRepo>;
  api: FakeMessagesApi;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * `npm i -g @vextrus/cli` in miniature: both bins on PATH next to a Node that runs them, an isolated HOME and
 * Claude Code config, no network beyond the fake API, then `vextrus init` in a new git project of `files`.
 */
export async function initClaudeProject(
  files: Record<string, string>,
  reply: (r: RecordedRequest) => FakeReply | Promise<FakeReply>,
): Promise<ClaudeProject> {
  const tmp = mkdtempSync(join(tmpdir(), "vextrus-e2e-"));
  const project = gitRepo(files);
  const bin = join(tmp, "bin");
  mkdirSync(bin);
  symlinkSync(join(CLI_BIN, "vextrus.js"), join(bin, "vextrus"));
  symlinkSync(join(CLI_BIN, "vextrus-hook.cjs"), join(bin, "vextrus-hook"));
  const api = await startFakeMessagesApi({ reply });
  const env = {
    PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH}`,
    HOME: join(tmp, "home"),
    CLAUDE_CONFIG_DIR: join(tmp, "home", ".claude"),
    ANTHROPIC_BASE_URL: api.url,
    ANTHROPIC_API_KEY: "test-key",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    CLAUDE_CODE_MAX_RETRIES: "0",
    // The hook daemon, when a test turns it on, listens in this test's folder.
    VEXTRUS_HOOK_SOCKET_DIR: join(tmp, "sockets"),
  };
  mkdirSync(env.CLAUDE_CONFIG_DIR, { recursive: true });
  mkdirSync(env.VEXTRUS_HOOK_SOCKET_DIR, { mode: 0o700 });
  const init = await run("vextrus", ["init"], { cwd: project.dir, env });
  if (!init.stdout.includes("vextrus hooks added"))
    throw new Error(`vextrus init: ${init.stdout}${init.stderr}`);
  return {
    tmp,
    project,
    api,
    env,
    async close() {
      await run("vextrus-hook", ["--daemon", "stop"], { cwd: project.dir, env }).catch(() => undefined);
      await api.close();
      rmSync(tmp, { recursive: true, force: true });
      rmSync(project.dir, { recursive: true, force: true });
    },
  };
}
