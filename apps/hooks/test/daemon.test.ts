import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, BIN, finishedCall, runHookProcess, type Sandbox, sandbox } from "./harness.js";
import { invocations } from "./stores.js";

// `optimization.latency.hook_daemon`: the real bin and the real daemon process, on a socket in the test's folder.

const started: { env: Record<string, string>; cwd: string }[] = [];

/** A project with the daemon on, its socket folder private to this test (as the default one is to the user). */
function daemonSandbox(sockets?: string, extra: Record<string, string> = {}) {
  const s = sandbox({ git: { branch: "feature/payment-retry" } });
  s.settings({ latency: { hook_daemon: true } });
  const dir = sockets ?? join(s.base, "sockets");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  s.env.VEXTRUS_HOOK_SOCKET_DIR = dir;
  Object.assign(s.env, extra);
  started.push({ env: s.env, cwd: s.root });
  return { s, dir };
}

const run = (s: Sandbox, event: string, fields: Record<string, unknown> = {}) =>
  runHookProcess(event, JSON.stringify(s.payload(event, fields)), { env: s.env, cwd: s.root });

interface Status {
  pid: number;
  served: number;
  socket: string;
}

function status(s: Sandbox): Status | undefined {
  const out = execFileSync(process.execPath, [BIN, "--daemon", "status"], {
    env: { PATH: process.env.PATH, ...s.env },
    encoding: "utf8",
  });
  return out.startsWith("{") ? (JSON.parse(out) as Status) : undefined;
}

/** The daemon an event started listens within a few hundred ms; polls instead of sleeping a guessed time. */
async function until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const value = probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

const socketFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".sock"));

afterEach(() => {
  for (const { env, cwd } of started.splice(0))
    spawnSync(process.execPath, [BIN, "--daemon", "stop"], {
      env: { PATH: process.env.PATH, ...env },
      cwd,
    });
});

describe("the hook daemon (optimization.latency.hook_daemon)", () => {
  beforeAll(assertBuilt);

  it("answers the first event in its own process, starts the daemon, and answers the next ones the same way through it", async () => {
    const { s } = daemonSandbox();
    const prompt = { prompt: "Add retries to the payment webhook" };
    const first = await run(s, "UserPromptSubmit", prompt);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain("Task complexity");
    const daemon = await until("the daemon", () => status(s));
    expect(daemon.served).toBe(0);
    const second = await run(s, "UserPromptSubmit", prompt);
    expect(second).toEqual(first);
    expect(status(s)).toMatchObject({ pid: daemon.pid, served: 1 });
  });

  it("serves each project with its own folder, settings and environment", async () => {
    const { s: a, dir } = daemonSandbox();
    const { s: b } = daemonSandbox(dir, { VEXTRUS_STATE_DIR: "custom-state" });
    a.settings({ latency: { hook_daemon: true }, cost: { monthly_budget_usd: 100 } });
    b.settings({ latency: { hook_daemon: true }, cost: { monthly_budget_usd: 300 } });
    await run(a, "SessionStart", { source: "startup" });
    const daemon = await until("the daemon", () => status(a));
    const [ra, rb] = [
      await run(a, "SessionStart", { source: "startup" }),
      await run(b, "SessionStart", { source: "startup" }),
    ];
    expect(ra.stdout).toContain("Budget: $100.00 a month");
    expect(rb.stdout).toContain("Budget: $300.00 a month");
    // b's environment named its state folder: the daemon's own environment did not.
    expect(existsSync(join(b.root, "custom-state", ".gitignore"))).toBe(true);
    expect(existsSync(join(b.root, ".claude", "state", "hooks.log"))).toBe(false);
    expect(status(a)).toMatchObject({ pid: daemon.pid, served: 2 });
  });

  it("loses no record when hook processes send it PostToolUse events at once", async () => {
    const { s } = daemonSandbox();
    s.write("src/app.ts", "export const app = 1;\n");
    await run(s, "Stop", { stop_hook_active: false });
    await until("the daemon", () => status(s));
    const n = 8;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => run(s, "PostToolUse", finishedCall(s, i, false))),
    );
    for (const r of results) expect(r).toEqual({ code: 0, signal: null, stdout: "", stderr: "" });
    expect(status(s)?.served).toBe(n);
    const records = invocations(s.state);
    expect(records.map((r) => r.id).sort()).toEqual(Array.from({ length: n }, (_, i) => `toolu_${i}`).sort());
    expect(records.every((r) => r.costPico > 0n)).toBe(true);
  });

  it("keeps its stores open between events, yet a state folder reset meanwhile gets every later record", async () => {
    const { s } = daemonSandbox();
    s.write("src/app.ts", "export const app = 1;\n");
    await run(s, "Stop", { stop_hook_active: false });
    await until("the daemon", () => status(s));
    expect((await run(s, "PostToolUse", finishedCall(s, 1, false))).stderr).toBe("");
    expect((await run(s, "PostToolUse", finishedCall(s, 2, false))).stderr).toBe("");
    expect(invocations(s.state).map((r) => r.id)).toEqual(["toolu_1", "toolu_2"]);
    // Someone resets the state while the daemon holds metrics.db open.
    for (const suffix of ["", "-wal", "-shm"]) rmSync(join(s.state, `metrics.db${suffix}`), { force: true });
    expect((await run(s, "PostToolUse", finishedCall(s, 3, false))).stderr).toBe("");
    expect(invocations(s.state).map((r) => r.id)).toEqual(["toolu_3"]);
    expect(status(s)?.served).toBe(3);
  });

  it("is neither started nor asked by a project that did not turn it on", async () => {
    const { s: on, dir } = daemonSandbox();
    const off = sandbox();
    off.env.VEXTRUS_HOOK_SOCKET_DIR = dir;
    const prompt = { prompt: "Rename a variable" };
    expect((await run(off, "UserPromptSubmit", prompt)).code).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(socketFiles(dir)).toEqual([]);
    await run(on, "UserPromptSubmit", prompt);
    await until("the daemon", () => status(on));
    expect((await run(off, "UserPromptSubmit", prompt)).stderr).toBe("");
    expect(status(on)?.served).toBe(0);
  });

  it("after the daemon is killed, the next event is answered in its own process and a new daemon replaces it", async () => {
    const { s } = daemonSandbox();
    await run(s, "Stop", { stop_hook_active: false });
    const old = await until("the daemon", () => status(s));
    process.kill(old.pid, "SIGKILL");
    // Its socket file stays behind, with nobody listening.
    expect(existsSync(old.socket)).toBe(true);
    const r = await run(s, "UserPromptSubmit", { prompt: "Add retries to the payment webhook" });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("Task complexity");
    const fresh = await until("a new daemon", () => {
      const now = status(s);
      return now && now.pid !== old.pid ? now : undefined;
    });
    expect(fresh.served).toBe(0);
  });

  it("a daemon that fails mid-request costs that one event and a note; the next event starts afresh", async () => {
    const { s, dir } = daemonSandbox();
    await run(s, "Stop", { stop_hook_active: false });
    const real = await until("the daemon", () => status(s));
    execFileSync(process.execPath, [BIN, "--daemon", "stop"], { env: { PATH: process.env.PATH, ...s.env } });
    await until("the socket to go", () => (existsSync(real.socket) ? undefined : true));
    // An impostor of a broken daemon: it takes the request and hangs up without an answer.
    const broken = createServer({ allowHalfOpen: true }, (conn) => conn.on("data", () => conn.destroy()));
    await new Promise<void>((resolve) => broken.listen(real.socket, resolve));
    try {
      const r = await run(s, "UserPromptSubmit", { prompt: "Add retries to the payment webhook" });
      expect([r.code, r.stdout]).toEqual([0, ""]);
      expect(r.stderr).toMatch(
        /^vextrus-hook: the hook daemon failed on UserPromptSubmit \(.+\); nothing done this time\n$/,
      );
      // The client removed the socket, so that the next event does not ask the broken daemon again.
      expect(socketFiles(dir)).toEqual([]);
    } finally {
      broken.close();
    }
    const next = await run(s, "UserPromptSubmit", { prompt: "Add retries to the payment webhook" });
    expect(next).toMatchObject({ code: 0, stderr: "" });
    expect(next.stdout).toContain("Task complexity");
    await until("a new daemon", () => status(s));
  });

  it("neither asks nor starts a daemon in a socket folder that others can enter, and says so on --daemon status", async () => {
    const { s, dir } = daemonSandbox();
    chmodSync(dir, 0o755);
    const r = await run(s, "UserPromptSubmit", { prompt: "Add retries to the payment webhook" });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("Task complexity");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(readdirSync(dir)).toEqual([]);
    // And a daemon started by hand refuses the folder too, saying why in its log.
    execFileSync(process.execPath, [join(BIN, "../../dist/daemon.js")], {
      env: { PATH: process.env.PATH, ...s.env },
    });
    expect(readFileSync(join(dir, "daemon.log"), "utf8")).toContain("not started");
    expect(socketFiles(dir)).toEqual([]);
    const said = spawnSync(process.execPath, [BIN, "--daemon", "status"], {
      env: { PATH: process.env.PATH, ...s.env },
      encoding: "utf8",
    });
    expect([said.status, said.stderr]).toEqual([
      1,
      `vextrus-hook: ${dir} is open to other users, so no daemon uses it (chmod 700 it)\n`,
    ]);
  });

  it("exits by itself after its idle time, removing its socket", async () => {
    const { s, dir } = daemonSandbox(undefined, { VEXTRUS_HOOK_DAEMON_IDLE_MS: "300" });
    await run(s, "Stop", { stop_hook_active: false });
    await until("the daemon", () => (socketFiles(dir).length > 0 ? true : undefined));
    await until("the idle exit", () => (socketFiles(dir).length === 0 ? true : undefined));
    expect(status(s)).toBeUndefined();
  });

  it("says what runs: --daemon status and stop, and usage otherwise", () => {
    const s = sandbox();
    const env = { PATH: process.env.PATH, ...s.env, VEXTRUS_HOOK_SOCKET_DIR: join(s.base, "none") };
    const cli = (...args: string[]) => {
      try {
        return {
          code: 0,
          out: execFileSync(process.execPath, [BIN, ...args], { env, encoding: "utf8", stdio: "pipe" }),
        };
      } catch (error) {
        const e = error as { status: number; stderr: string };
        return { code: e.status, out: e.stderr };
      }
    };
    expect(cli("--daemon", "status")).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^vextrus-hook: no daemon of this build is running/),
    });
    expect(cli("--daemon", "stop").code).toBe(0);
    expect(cli("--daemon", "restart")).toEqual({
      code: 2,
      out: "usage: vextrus-hook --daemon status|stop\n",
    });
  });
});
